package storage

import (
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// TestRestoreDayContinuesNumbering: after the tickets central holds are restored into an
// empty database, the next ticket of each prefix continues after the highest restored
// number, the restored tickets are there as central knew them, and nothing is queued for
// central, which has them already.
func TestRestoreDayContinuesNumbering(t *testing.T) {
	db := mustOpen(t)
	day := "2026-11-25"
	if started, err := db.DayStarted(day); err != nil || started {
		t.Fatalf("empty database: started %v (%v)", started, err)
	}
	called := booking.Ticket{Number: "A007", Day: day, Kind: booking.KindWalkIn, Status: booking.StatusCalled, ServiceID: "pas", Counter: "2"}
	restored := []booking.Ticket{
		{Number: "A002", Day: day, Kind: booking.KindWalkIn, Status: booking.StatusDone, ServiceID: "pas"},
		called,
		{Number: "B003", Day: day, Kind: booking.KindAppointment, Status: booking.StatusIssued, ServiceID: "mitid", AppointmentID: "appt-1"},
	}
	n, err := db.RestoreDay(day, restored)
	if err != nil || n != 3 {
		t.Fatalf("RestoreDay: %d, %v; want 3", n, err)
	}
	if started, err := db.DayStarted(day); err != nil || !started {
		t.Fatalf("after restore: started %v (%v)", started, err)
	}
	if pending, _, err := db.OutboxStats(); err != nil || pending != 0 {
		t.Fatalf("%d events queued by a restore (%v), want none", pending, err)
	}
	// Restoring again (a second start that found central's list) writes nothing new.
	if n, err := db.RestoreDay(day, restored); err != nil || n != 0 {
		t.Fatalf("second RestoreDay: %d, %v; want 0", n, err)
	}
	a, _, err := db.IssueTicket(walkIn(day, "pas"), "A", booking.EventTicketIssued)
	if err != nil || a.Number != "A008" {
		t.Fatalf("next A ticket %q (%v), want A008", a.Number, err)
	}
	b, _, err := db.IssueTicket(walkIn(day, "mitid"), "B", booking.EventTicketIssued)
	if err != nil || b.Number != "B004" {
		t.Fatalf("next B ticket %q (%v), want B004", b.Number, err)
	}
	// The appointment's ticket is found again rather than issued twice.
	appt := walkIn(day, "mitid")
	appt.Kind, appt.AppointmentID = booking.KindAppointment, "appt-1"
	again, existed, err := db.IssueTicket(appt, "B", booking.EventCheckIn)
	if err != nil || !existed || again.Number != "B003" {
		t.Fatalf("check-in of the restored appointment: %q existed %v (%v)", again.Number, existed, err)
	}
	list, err := db.Tickets(day)
	if err != nil || len(list) != 5 {
		t.Fatalf("%d tickets (%v), want 5", len(list), err)
	}
	if got := list[1]; got.Number != "A007" || got.Status != booking.StatusCalled || got.Counter != "2" || got.Seq != 7 {
		t.Errorf("restored A007 is %+v", got)
	}
}

// TestRestoreDayRefusesBadInput: a ticket of another day or a number that is not a prefix
// and a sequence is refused, and nothing of the list is written.
func TestRestoreDayRefusesBadInput(t *testing.T) {
	db := mustOpen(t)
	day := "2026-11-25"
	good := booking.Ticket{Number: "A001", Day: day, Kind: booking.KindWalkIn, ServiceID: "pas"}
	for name, bad := range map[string]booking.Ticket{
		"other day":     {Number: "A002", Day: "2026-11-24", ServiceID: "pas"},
		"no digits":     {Number: "AB", Day: day, ServiceID: "pas"},
		"sequence 0":    {Number: "A000", Day: day, ServiceID: "pas"},
		"not formatted": {Number: "A7", Day: day, ServiceID: "pas"},
		"huge sequence": {Number: "A99999999", Day: day, ServiceID: "pas"},
		"no prefix":     {Number: "042", Day: day, ServiceID: "pas"},
		"empty number":  {Number: "", Day: day, ServiceID: "pas"},
	} {
		if _, err := db.RestoreDay(day, []booking.Ticket{good, bad}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: %v, want ErrInvalidInput", name, err)
		}
	}
	if started, err := db.DayStarted(day); err != nil || started {
		t.Fatalf("a refused restore started the day (%v)", err)
	}
}

// TestReserveNumbers: with central out of reach, the counters move past the floor, and a
// higher counter is never lowered.
func TestReserveNumbers(t *testing.T) {
	db := mustOpen(t)
	day := "2026-11-25"
	for range 3 {
		if _, _, err := db.IssueTicket(walkIn(day, "pas"), "A", booking.EventTicketIssued); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.ReserveNumbers(day, []string{"A", "B"}, 2); err != nil {
		t.Fatal(err)
	}
	a, _, err := db.IssueTicket(walkIn(day, "pas"), "A", booking.EventTicketIssued)
	if err != nil || a.Number != "A004" {
		t.Fatalf("A after a floor below its counter: %q (%v), want A004", a.Number, err)
	}
	if err := db.ReserveNumbers(day, []string{"A", "B"}, 500); err != nil {
		t.Fatal(err)
	}
	b, _, err := db.IssueTicket(walkIn(day, "mitid"), "B", booking.EventTicketIssued)
	if err != nil || b.Number != "B501" {
		t.Fatalf("B after the floor 500: %q (%v), want B501", b.Number, err)
	}
}

// FuzzSplitNumber: numbers come from central; whatever SplitNumber accepts formats back
// to the same number, and it never panics.
func FuzzSplitNumber(f *testing.F) {
	for _, s := range []string{"A001", "A1000", "AB042", "", "A", "007", "A-1", "A0001", "Ω12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, number string) {
		prefix, seq, err := SplitNumber(number)
		if err != nil {
			return
		}
		if seq < 1 || prefix == "" || len(prefix) > maxPrefixLen || booking.FormatNumber(prefix, seq) != number {
			t.Fatalf("%q split into %q and %d", number, prefix, seq)
		}
	})
}
