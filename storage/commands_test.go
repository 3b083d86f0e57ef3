package storage

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

func TestCommandRecordCommitsWithTicket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	db, err := Open(path, Options{KioskID: "k1", Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, cet)
	k := CommandKey{Day: testDay, Client: "kiosk-1", Key: "walk-in-1"}
	if _, found, err := db.Command(k); err != nil || found {
		t.Fatalf("Command before = %v, %v; want none", found, err)
	}
	walkIn := booking.Ticket{Day: testDay, Kind: booking.KindWalkIn, ServiceID: "pas", IssuedAt: now}
	issued, _, err := db.IssueTicketOnce(k, CommandRecord{Action: "walk-in", Request: "pas"}, walkIn, "A", booking.EventTicketIssued)
	if err != nil {
		t.Fatal(err)
	}
	// The same key again writes nothing: no second ticket, no second event.
	if _, _, err := db.IssueTicketOnce(k, CommandRecord{Action: "walk-in"}, walkIn, "A", booking.EventTicketIssued); !errors.Is(err, ErrCommandDone) {
		t.Fatalf("second IssueTicketOnce = %v, want ErrCommandDone", err)
	}
	called := issued
	called.Status, called.Counter, called.CalledAt = booking.StatusCalled, "3", now
	kc := CommandKey{Day: testDay, Client: "counter-3", Key: "c1"}
	if err := db.UpdateTicketOnce(kc, CommandRecord{Action: "call-next"}, called, booking.EventCalled); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = mustOpenAt(t, path)
	rec, found, err := db.Command(k)
	if err != nil || !found || rec.Ticket.Number != issued.Number || rec.Action != "walk-in" || rec.Request != "pas" {
		t.Fatalf("Command after reopen = %+v, %v, %v", rec, found, err)
	}
	rec, found, err = db.Command(kc)
	if err != nil || !found || rec.Ticket.Status != booking.StatusCalled {
		t.Fatalf("call-next record = %+v, %v, %v", rec, found, err)
	}
	ts, _ := db.Tickets(testDay)
	events, _ := db.PendingEvents(0)
	if len(ts) != 1 || len(events) != 2 {
		t.Fatalf("%d tickets and %d events, want 1 and 2", len(ts), len(events))
	}
}

func TestCommandFailedWritesNoRecord(t *testing.T) {
	db := mustOpen(t)
	k := CommandKey{Day: testDay, Client: "counter-1", Key: "x"}
	ghost := booking.Ticket{Day: testDay, Number: "A999", Seq: 999, Status: booking.StatusCalled}
	if err := db.UpdateTicketOnce(k, CommandRecord{Action: "finish"}, ghost, booking.EventServed); !errors.Is(err, booking.ErrNotFound) {
		t.Fatalf("UpdateTicketOnce of an unknown ticket = %v, want ErrNotFound", err)
	}
	if _, found, _ := db.Command(k); found {
		t.Fatal("a failed command left its record behind; a retry would replay a failure as success")
	}
}

func TestCommandKeyChecked(t *testing.T) {
	db := mustOpen(t)
	for _, k := range []CommandKey{
		{Day: "yesterday", Client: "c", Key: "k"},
		{Day: testDay, Client: "", Key: "k"},
		{Day: testDay, Client: "c", Key: string(make([]byte, maxCommandPart+1))},
		{Day: testDay, Client: "c\x00d", Key: "k"},
	} {
		if _, _, err := db.Command(k); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Command(%q) = %v, want ErrInvalidInput", k, err)
		}
	}
}

func TestPurgeCommands(t *testing.T) {
	db := mustOpen(t)
	for _, day := range []string{"2026-11-24", testDay} {
		at := time.Date(2026, 11, 24, 9, 0, 0, 0, cet)
		tk := booking.Ticket{Day: day, Kind: booking.KindWalkIn, ServiceID: "pas", IssuedAt: at}
		if _, _, err := db.IssueTicketOnce(CommandKey{day, "k", "1"}, CommandRecord{}, tk, "A", booking.EventTicketIssued); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.PurgeCommands(testDay)
	if err != nil || n != 1 {
		t.Fatalf("PurgeCommands = %d, %v; want 1", n, err)
	}
	if _, found, _ := db.Command(CommandKey{testDay, "k", "1"}); !found {
		t.Fatal("today's record was purged")
	}
}
