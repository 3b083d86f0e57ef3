package storage

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

func issueN(t testing.TB, db *DB, n int) {
	t.Helper()
	for range n {
		if _, _, err := db.IssueTicket(walkIn(testDay, "pas"), "A", booking.EventTicketIssued); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOutbox(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	db, err := Open(path, Options{KioskID: "aarhus-7", Clock: booking.ClockFunc(func() time.Time { return at })})
	if err != nil {
		t.Fatal(err)
	}
	issueN(t, db, 5)

	first, err := db.PendingEvents(2)
	if err != nil || len(first) != 2 {
		t.Fatalf("PendingEvents(2) = %v, %v", first, err)
	}
	// The sequence starts at the database's creation time (see migrateV1), then counts by one
	// while the clock stands still (it keeps up with the clock otherwise: appendOutboxSealed).
	base := first[0].Seq
	for i, e := range first {
		want := fmt.Sprintf("aarhus-7/%d", base+uint64(i))
		if e.Seq != base+uint64(i) || e.Key != want || e.Event.Ticket.Seq != i+1 || !e.Created.Equal(at) {
			t.Errorf("entry %d = seq %d key %q ticket %d created %v; want seq %d key %q", i, e.Seq, e.Key, e.Event.Ticket.Seq, e.Created, base+uint64(i), want)
		}
	}
	if err := db.AckEvents(base, base+1, base+1, base+99); err != nil { // repeats and unknown seqs are harmless
		t.Fatal(err)
	}
	if err := db.DeadLetter(base+3, "server rejected: 422 unknown service"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeadLetter(base+3, "again"); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("DeadLetter twice = %v, want ErrNotFound", err)
	}
	if p, d, err := db.OutboxStats(); p != 2 || d != 1 || err != nil {
		t.Errorf("OutboxStats = %d, %d, %v; want 2, 1", p, d, err)
	}

	// Sequences survive a restart and are never reused after an ack.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{KioskID: "aarhus-7"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	issueN(t, db, 1)
	rest, err := db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	for _, e := range rest {
		seqs = append(seqs, e.Seq-base+1)
	}
	// The new event's sequence is past every earlier one: by one under a clock that stands
	// still, to the clock's microsecond under the wall clock of the second Open.
	last := rest[len(rest)-1]
	if fmt.Sprint(seqs[:2]) != "[3 5]" || len(rest) != 3 || last.Seq <= base+4 || last.Key != fmt.Sprintf("aarhus-7/%d", last.Seq) {
		t.Errorf("pending after restart = %v (last key %q), want [3 5 >5] from the base, keyed by its sequence", seqs, last.Key)
	}
	dead, err := db.DeadLetters()
	if err != nil || len(dead) != 1 || dead[0].Seq != base+3 || dead[0].Key != fmt.Sprintf("aarhus-7/%d", base+3) || dead[0].Reason != "server rejected: 422 unknown service" || !dead[0].At.Equal(at) {
		t.Errorf("DeadLetters = %+v, %v", dead, err)
	}
}

func TestMeta(t *testing.T) {
	db := mustOpen(t)
	if v, err := db.Meta("etag/day"); v != "" || err != nil {
		t.Errorf("unset Meta = %q, %v", v, err)
	}
	for _, v := range []string{`W/"abc"`, `"def"`} {
		if err := db.SetMeta("etag/day", v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Meta("etag/day"); got != v || err != nil {
			t.Errorf("Meta = %q, %v; want %q", got, err, v)
		}
	}
	if err := db.SetMeta("etag/day", ""); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Meta("etag/day"); v != "" {
		t.Errorf("Meta after clearing = %q", v)
	}
	if err := db.SetMeta("", "x"); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("SetMeta(empty key) = %v", err)
	}
	// A setting named like an internal key cannot touch the schema version.
	if err := db.SetMeta("schema", "x"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := mustOpenAt(t, db.Path())
	if v, _ := reopened.Meta("schema"); v != "x" {
		t.Errorf("Meta(schema) after reopen = %q", v)
	}
}

// A database made anew after the old one was moved aside must not reuse idempotency keys
// the central server already applied.
func TestOutboxKeysNotReusedByANewDatabase(t *testing.T) {
	first := issueOneKey(t, filepath.Join(t.TempDir(), "a.db"))
	second := issueOneKey(t, filepath.Join(t.TempDir(), "b.db"))
	if first == second {
		t.Fatalf("two new databases both gave key %q", first)
	}
	_, s1, _ := strings.Cut(first, "/")
	_, s2, _ := strings.Cut(second, "/")
	n1, _ := strconv.ParseUint(s1, 10, 64)
	n2, _ := strconv.ParseUint(s2, 10, 64)
	if n2 <= n1 {
		t.Fatalf("the later database's sequence %d does not exceed the earlier %d", n2, n1)
	}
}

func issueOneKey(t *testing.T, path string) string {
	t.Helper()
	db, err := Open(path, Options{KioskID: "k"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.IssueTicket(booking.Ticket{Day: "2026-11-25", Kind: booking.KindWalkIn, ServiceID: "s"}, "A", booking.EventTicketIssued); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Microsecond)
	entries, err := db.PendingEvents(0)
	if err != nil || len(entries) != 1 {
		t.Fatalf("pending: %v %v", entries, err)
	}
	return entries[0].Key
}
