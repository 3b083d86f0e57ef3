package storage

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// TestOpenRenamedKiosk makes events as kiosk "old-host", then opens the database as
// "new-host": the central system would refuse every waiting event as another kiosk's, so
// Open refuses, naming both ids, and leaves the file as it was. Once the outbox is empty the
// new id is welcome.
func TestOpenRenamedKiosk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := Open(path, Options{KioskID: "old-host"})
	if err != nil {
		t.Fatal(err)
	}
	issueN(t, db, 3)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileDigest(t, path)

	_, err = Open(path, Options{KioskID: "new-host"})
	var re *RenameError
	if !errors.Is(err, ErrKioskRenamed) || !errors.As(err, &re) {
		t.Fatalf("Open as new-host = %v, want a RenameError", err)
	}
	if re.Oldest != "old-host" || re.KioskID != "new-host" || re.Waiting["old-host"] != 3 || len(re.Waiting) != 1 {
		t.Errorf("RenameError = %+v, want 3 events of old-host", re)
	}
	if msg := err.Error(); !strings.Contains(msg, `"old-host"`) || !strings.Contains(msg, `"new-host"`) || !strings.Contains(msg, path) {
		t.Errorf("message %q does not name the file and both ids", msg)
	}
	if fileDigest(t, path) != before {
		t.Error("the refused Open changed the file")
	}

	// Sent under the old id, the events leave; then the new id takes over.
	db, err = Open(path, Options{KioskID: "old-host"})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingEvents(0)
	if err != nil || len(pending) != 3 {
		t.Fatalf("PendingEvents = %d, %v", len(pending), err)
	}
	for _, e := range pending {
		if err := db.AckEvents(e.Seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{KioskID: "new-host"})
	if err != nil {
		t.Fatalf("Open as new-host with an empty outbox: %v", err)
	}
	defer db.Close()
	issueN(t, db, 1)
	if next, err := db.PendingEvents(0); err != nil || len(next) != 1 || !strings.HasPrefix(next[0].Key, "new-host/") {
		t.Errorf("new event = %+v, %v; want a key of new-host", next, err)
	}
}

// TestQuarantine damages outbox entries in three ways and expects each reported, moved to
// the dead letters with its bytes, and the entries around it still pending in order.
func TestQuarantine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := mustOpenAt(t, path)
	issueN(t, db, 6)
	all, err := db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	garbage := []byte("\x00\xffnot json")
	noKey := []byte(`{"key":"","event":{}}`)
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		if err := b.Put(u64(all[1].Seq), garbage); err != nil {
			return err
		}
		if err := b.Put(u64(all[3].Seq), noKey); err != nil {
			return err
		}
		// A key of the wrong length sorts first; its dead letter needs a sequence of its own.
		return b.Put([]byte{1, 2, 3}, garbage)
	})
	if err != nil {
		t.Fatal(err)
	}

	quarantined := 0
	var got []OutboxEntry
	for {
		got, err = db.PendingEvents(0)
		var bad *EntryError
		if !errors.As(err, &bad) {
			break
		}
		if !errors.Is(err, ErrBadEntry) {
			t.Errorf("%v is not ErrBadEntry", err)
		}
		if err := db.Quarantine(bad); err != nil {
			t.Fatalf("Quarantine(%x): %v", bad.Key, err)
		}
		if err := db.Quarantine(bad); !errors.Is(err, booking.ErrNotFound) {
			t.Errorf("Quarantine twice = %v, want ErrNotFound", err)
		}
		if quarantined++; quarantined > 3 {
			t.Fatal("PendingEvents keeps reporting bad entries")
		}
	}
	if err != nil || quarantined != 3 {
		t.Fatalf("PendingEvents = %v after %d quarantined, want 3 then success", err, quarantined)
	}
	var keys []string
	for _, e := range got {
		keys = append(keys, e.Key)
	}
	want := []string{all[0].Key, all[2].Key, all[4].Key, all[5].Key}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("pending = %v, want %v", keys, want)
	}
	dead, err := db.DeadLetters()
	if err != nil || len(dead) != 3 {
		t.Fatalf("DeadLetters = %+v, %v; want 3", dead, err)
	}
	raws := map[string]int{}
	for _, d := range dead {
		raws[string(d.Raw)]++
		if !strings.HasPrefix(d.Reason, "quarantined: ") || d.Key != "" {
			t.Errorf("dead letter %+v: want a quarantine reason and no key", d)
		}
	}
	if raws[string(garbage)] != 2 || raws[string(noKey)] != 1 {
		t.Errorf("the raw bytes were not kept: %v", raws)
	}
	if p, d, err := db.OutboxStats(); p != 4 || d != 3 || err != nil {
		t.Errorf("OutboxStats = %d, %d, %v; want 4, 3", p, d, err)
	}
}

// FuzzDecodeEntry: whatever bytes a damaged file holds in the outbox, decoding them gives
// either an entry with a kiosk id in its key or an *EntryError for Quarantine; never a panic.
func FuzzDecodeEntry(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 1}, []byte(`{"key":"k1/1","event":{"kind":"ticket-issued"},"created":"2026-11-25T10:00:00Z"}`))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 2}, []byte(`{"key":"","event":{}}`))
	f.Add([]byte{1, 2, 3}, []byte("\x00\xffnot json"))
	db := &DB{path: "fuzz.db"}
	f.Fuzz(func(t *testing.T, k, v []byte) {
		e, err := db.decodeEntry(k, v)
		var bad *EntryError
		switch {
		case err == nil && kioskOf(e.Key) == "":
			t.Fatalf("decoded %q without a kiosk id", e.Key)
		case err != nil && (!errors.As(err, &bad) || string(bad.Key) != string(k)):
			t.Fatalf("error %v is not an EntryError for key %x", err, k)
		}
	})
}
