package storage

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// Behaviour that an audit questioned and that stays by design; the README's "Where data
// lives" and "The central system, and working offline" describe it. These tests pin it, so
// that a change to it is a decision and not an accident.

// The central system is authoritative for the day's appointments: a day it sends empty
// (all cancelled, or the centre closed) replaces what the kiosk had, and tickets already
// issued stay.
func TestEmptyDayFromCentralReplacesLocalDay(t *testing.T) {
	db := mustOpen(t)
	appts := seedDay(t, db, testDay, 5)
	issueN(t, db, 2)
	if err := db.ReplaceDay(testDay, testServices(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppointmentByCode(appts[0].Code); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("after an empty day the appointment is still found: %v", err)
	}
	if ts, err := db.Tickets(testDay); err != nil || len(ts) != 2 {
		t.Errorf("tickets after an empty day: %d, %v; want the 2 issued", len(ts), err)
	}
}

// bbolt keeps two meta pages and writes them in turn. When the newest is damaged (a torn
// write, a bad sector), it opens from the older one: the file is consistent, and the last
// commit before the damage is gone. The README says so.
func TestDamagedNewestMetaLosesLastCommit(t *testing.T) {
	const page = 4096
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := mustOpenAt(t, path)
	seedDay(t, db, testDay, 3)
	issueN(t, db, 3)
	before, err := db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Meta page layout: a 16-byte page header, then magic, version, page size, flags (4
	// bytes each), root bucket (16), freelist (8), high-water page (8), txid at 64 and the
	// checksum at 72. Spoil the checksum of the meta with the higher txid.
	newest := 0
	if binary.LittleEndian.Uint64(b[page+64:]) > binary.LittleEndian.Uint64(b[64:]) {
		newest = page
	}
	b[newest+72] ^= 0xff
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path)
	ts, err := db.Tickets(testDay)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 {
		t.Fatalf("%d tickets after the newest meta page was damaged, want 2: the last commit lost, nothing else", len(ts))
	}
	// The lost commit's event may have reached central already: the next event must not
	// reuse its key, or central would take it for that one and drop it.
	issueN(t, db, 1)
	after, err := db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	next := after[len(after)-1].Key
	for _, e := range before {
		if e.Key == next {
			t.Fatalf("the event after the lost commit reuses key %s", next)
		}
	}
}
