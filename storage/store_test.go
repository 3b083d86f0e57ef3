package storage

import (
	"errors"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

func TestIssueTicketNumbering(t *testing.T) {
	db := mustOpen(t)
	steps := []struct {
		day, prefix, appt string
		want              string
		existed           bool
	}{
		{testDay, "A", "", "A001", false},
		{testDay, "A", "", "A002", false},
		{testDay, "B", "", "B001", false},
		{testDay, "A", "appt-1", "A003", false},
		{testDay, "A", "appt-1", "A003", true}, // checking in twice gives the same ticket
		{testDay, "B", "", "B002", false},
		{testDay, "A", "", "A004", false},
		{"2026-11-26", "A", "", "A001", false}, // a new day starts again
		{"2026-11-26", "B", "appt-2", "B001", false},
		{testDay, "A", "", "A005", false}, // the old day carries on where it was
	}
	for i, s := range steps {
		tk := walkIn(s.day, "pas")
		if s.appt != "" {
			tk.Kind, tk.AppointmentID = booking.KindAppointment, s.appt
		}
		got, existed, err := db.IssueTicket(tk, s.prefix, booking.EventTicketIssued)
		if err != nil {
			t.Fatalf("step %d: IssueTicket: %v", i, err)
		}
		if got.Number != s.want || existed != s.existed || got.Day != s.day {
			t.Errorf("step %d: got %s existed=%v day=%s, want %s existed=%v day=%s", i, got.Number, existed, got.Day, s.want, s.existed, s.day)
		}
	}
	tickets, err := db.Tickets(testDay)
	if err != nil {
		t.Fatal(err)
	}
	var numbers []string
	for _, tk := range tickets {
		numbers = append(numbers, tk.Number)
	}
	want := []string{"A001", "A002", "B001", "A003", "B002", "A004", "A005"}
	if len(numbers) != len(want) {
		t.Fatalf("Tickets(%s) = %v, want %v", testDay, numbers, want)
	}
	for i := range want {
		if numbers[i] != want[i] {
			t.Fatalf("Tickets(%s) = %v, want %v (issue order)", testDay, numbers, want)
		}
	}
	// One event per ticket actually issued: the repeated check-in wrote nothing.
	pending, _, err := db.OutboxStats()
	if err != nil || pending != 9 {
		t.Errorf("OutboxStats pending = %d, %v; want 9", pending, err)
	}
}

func TestIssueTicketDayFromIssuedAt(t *testing.T) {
	db := mustOpen(t)
	tk := walkIn(testDay, "pas")
	tk.Day = ""
	got, _, err := db.IssueTicket(tk, "A", booking.EventTicketIssued)
	if err != nil || got.Day != testDay || got.Seq != 1 {
		t.Fatalf("IssueTicket without Day = %+v, %v", got, err)
	}
}

func TestIssueTicketRejects(t *testing.T) {
	db := mustOpen(t)
	tests := []struct {
		name   string
		ticket booking.Ticket
		prefix string
		kind   booking.EventKind
	}{
		{"no day", booking.Ticket{}, "A", booking.EventTicketIssued},
		{"bad day", booking.Ticket{Day: "25-11-2026"}, "A", booking.EventTicketIssued},
		{"no kind", walkIn(testDay, "pas"), "A", ""},
		{"long prefix", walkIn(testDay, "pas"), "ABCDEFGHIJKLMNOPQRSTU", booking.EventTicketIssued},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := db.IssueTicket(tt.ticket, tt.prefix, tt.kind); !errors.Is(err, ErrInvalidInput) {
				t.Errorf("IssueTicket = %v, want ErrInvalidInput", err)
			}
		})
	}
	if pending, _, _ := db.OutboxStats(); pending != 0 {
		t.Errorf("rejected tickets wrote %d events", pending)
	}
}

func TestIssueTicketNumberTaken(t *testing.T) {
	db := mustOpen(t)
	for range 1000 {
		if _, _, err := db.IssueTicket(walkIn(testDay, "pas"), "A", booking.EventTicketIssued); err != nil {
			t.Fatal(err)
		}
	}
	// "A" 1000 is A1000, so "A1" 000 can't clash; "A" 1001 is A1001, which "A1" 001 took first.
	if _, _, err := db.IssueTicket(walkIn(testDay, "pas"), "A1", booking.EventTicketIssued); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.IssueTicket(walkIn(testDay, "pas"), "A", booking.EventTicketIssued); !errors.Is(err, ErrNumberTaken) {
		t.Fatalf("IssueTicket A1001 after A1-001 = %v, want ErrNumberTaken", err)
	}
}

func TestUpdateTicket(t *testing.T) {
	db := mustOpen(t)
	tk, _, err := db.IssueTicket(walkIn(testDay, "pas"), "A", booking.EventTicketIssued)
	if err != nil {
		t.Fatal(err)
	}
	tk.Status, tk.Counter, tk.CalledAt = booking.StatusCalled, "3", tk.IssuedAt.Add(time.Minute)
	if err := db.UpdateTicket(tk, booking.EventCalled); err != nil {
		t.Fatalf("UpdateTicket: %v", err)
	}
	got, err := db.Tickets(testDay)
	if err != nil || len(got) != 1 || got[0].Status != booking.StatusCalled || got[0].Counter != "3" {
		t.Fatalf("Tickets after update = %+v, %v", got, err)
	}
	events, err := db.PendingEvents(0)
	if err != nil || len(events) != 2 || events[1].Event.Kind != booking.EventCalled || events[1].Event.Ticket.Status != booking.StatusCalled {
		t.Fatalf("PendingEvents = %+v, %v; want issued then called", events, err)
	}

	missing := tk
	missing.Number = "A999"
	if err := db.UpdateTicket(missing, booking.EventCalled); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("UpdateTicket unknown = %v, want ErrNotFound", err)
	}
	changed := tk
	changed.AppointmentID = "someone-else"
	if err := db.UpdateTicket(changed, booking.EventCalled); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("UpdateTicket changing appointment = %v, want ErrInvalidInput", err)
	}
	if n, _, _ := db.OutboxStats(); n != 2 {
		t.Errorf("failed updates wrote events: %d pending, want 2", n)
	}
}

func TestAppointmentLookups(t *testing.T) {
	db := mustOpen(t)
	birth := booking.Date{Year: 1969, Month: time.August, Day: 6}
	appts := []booking.Appointment{
		testAppt(testDay, 1, birth),
		testAppt(testDay, 2, booking.Date{Year: 1970, Month: time.January, Day: 1}),
		testAppt(testDay, 3, birth), // a second citizen born the same day
	}
	appts[2].Start = appts[0].Start.Add(-time.Hour) // earlier: must come first
	if err := db.ReplaceDay(testDay, testServices(), appts); err != nil {
		t.Fatal(err)
	}
	other := testAppt("2026-11-26", 1, birth)
	if err := db.ReplaceDay("2026-11-26", testServices(), []booking.Appointment{other}); err != nil {
		t.Fatal(err)
	}

	got, err := db.AppointmentByCode(appts[1].Code)
	if err != nil || !sameAppointment(got, appts[1]) {
		t.Errorf("AppointmentByCode = %+v, %v; want %+v", got, err, appts[1])
	}
	if _, err := db.AppointmentByCode("NOPE"); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("AppointmentByCode(unknown) = %v, want ErrNotFound", err)
	}
	if got, err := db.AppointmentByID(appts[2].ID); err != nil || !sameAppointment(got, appts[2]) {
		t.Errorf("AppointmentByID = %+v, %v; want %+v", got, err, appts[2])
	}
	for _, id := range []string{"", "NOPE"} {
		if _, err := db.AppointmentByID(id); !errors.Is(err, booking.ErrNotFound) {
			t.Errorf("AppointmentByID(%q) = %v, want ErrNotFound", id, err)
		}
	}

	list, err := db.AppointmentsByBirthDate(testDay, birth)
	if err != nil || len(list) != 2 || !sameAppointment(list[0], appts[2]) || !sameAppointment(list[1], appts[0]) {
		t.Errorf("AppointmentsByBirthDate = %+v, %v; want appts 3 and 1 in start order", list, err)
	}
	if list, err := db.AppointmentsByBirthDate(testDay, booking.Date{Year: 2001, Month: 1, Day: 1}); err != nil || len(list) != 0 {
		t.Errorf("AppointmentsByBirthDate(nobody) = %v, %v; want empty", list, err)
	}
	if _, err := db.AppointmentsByBirthDate("tomorrow", birth); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("AppointmentsByBirthDate(bad day) = %v, want ErrInvalidInput", err)
	}
}

func TestReplaceDay(t *testing.T) {
	db := mustOpen(t)
	first := seedDay(t, db, testDay, 10)
	tk, _, err := db.IssueTicket(booking.Ticket{Day: testDay, AppointmentID: first[0].ID, Kind: booking.KindAppointment}, "A", booking.EventCheckIn)
	if err != nil {
		t.Fatal(err)
	}
	// The second pull drops appointment 1, moves appointment 2 to the next day and keeps the rest.
	second := append([]booking.Appointment{}, first[:1]...)
	second = append(second, first[3:]...)
	moved := first[2]
	moved.Start = moved.Start.AddDate(0, 0, 1)
	services := testServices()[:2]
	if err := db.ReplaceDay(testDay, services, second); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceDay(moved.Day(), services, []booking.Appointment{moved}); err != nil {
		t.Fatal(err)
	}

	if _, err := db.AppointmentByCode(first[1].Code); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("dropped appointment still found by code: %v", err)
	}
	if got, err := db.AppointmentByCode(moved.Code); err != nil || got.Day() != moved.Day() {
		t.Errorf("moved appointment = %+v, %v", got, err)
	}
	if l, _ := db.AppointmentsByBirthDate(testDay, moved.Citizen.BirthDate); len(l) != 0 {
		t.Errorf("moved appointment still indexed on its old day: %v", l)
	}
	if got, _ := db.Services(); len(got) != 2 || got[0].ID != "pas" || got[1].ID != "mitid" {
		t.Errorf("Services = %+v, want pas, mitid", got)
	}
	// Tickets and counters are kept: a repeat check-in finds its ticket, numbering continues.
	again, existed, err := db.IssueTicket(booking.Ticket{Day: testDay, AppointmentID: first[0].ID, Kind: booking.KindAppointment}, "A", booking.EventCheckIn)
	if err != nil || !existed || again.Number != tk.Number {
		t.Errorf("check-in after ReplaceDay = %s existed=%v %v; want %s existed", again.Number, existed, err, tk.Number)
	}
	if next, _, _ := db.IssueTicket(walkIn(testDay, "pas"), "A", booking.EventTicketIssued); next.Number != "A002" {
		t.Errorf("next ticket after ReplaceDay = %s, want A002", next.Number)
	}
}

func TestReplaceDayRejectsAndKeeps(t *testing.T) {
	db := mustOpen(t)
	kept := seedDay(t, db, testDay, 3)
	tests := []struct {
		name  string
		day   string
		appts []booking.Appointment
	}{
		{"bad day", "2026-13-01", nil},
		{"no id", testDay, []booking.Appointment{{Start: kept[0].Start}}},
		{"other day", testDay, []booking.Appointment{testAppt("2026-11-26", 9, birthOf(9))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := db.ReplaceDay(tt.day, nil, tt.appts); !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("ReplaceDay = %v, want ErrInvalidInput", err)
			}
			if got, err := db.AppointmentByCode(kept[2].Code); err != nil || !sameAppointment(got, kept[2]) {
				t.Errorf("stored appointment lost after rejected ReplaceDay: %v", err)
			}
			if s, _ := db.Services(); len(s) != 3 {
				t.Errorf("services lost after rejected ReplaceDay: %v", s)
			}
		})
	}
}

func TestPurge(t *testing.T) {
	db := mustOpen(t)
	days := []string{"2026-11-23", "2026-11-24", testDay}
	for _, d := range days {
		appts := seedDay(t, db, d, 5)
		if _, _, err := db.IssueTicket(booking.Ticket{Day: d, AppointmentID: appts[0].ID, Kind: booking.KindAppointment}, "A", booking.EventCheckIn); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.Purge(testDay)
	if err != nil || n != 12 {
		t.Fatalf("Purge = %d, %v; want 12 (2 days × 5 appointments + 1 ticket)", n, err)
	}
	for _, d := range days[:2] {
		if tk, _ := db.Tickets(d); len(tk) != 0 {
			t.Errorf("tickets of %s kept: %v", d, tk)
		}
		if l, _ := db.AppointmentsByBirthDate(d, birthOf(1)); len(l) != 0 {
			t.Errorf("appointments of %s kept", d)
		}
		if _, err := db.AppointmentByCode(testAppt(d, 1, booking.Date{}).Code); !errors.Is(err, booking.ErrNotFound) {
			t.Errorf("code index of %s kept: %v", d, err)
		}
	}
	if tk, _ := db.Tickets(testDay); len(tk) != 1 {
		t.Errorf("today's tickets = %d, want 1", len(tk))
	}
	if l, _ := db.AppointmentsByBirthDate(testDay, birthOf(1)); len(l) != 1 {
		t.Errorf("today's appointments purged")
	}
	// Outbox events survive retention: they must still reach the server.
	if p, _, _ := db.OutboxStats(); p != 3 {
		t.Errorf("pending after purge = %d, want 3", p)
	}
	// A purged day numbers from 1 again only if it is reused, which a real clock never does;
	// what matters is that its counters are gone.
	if tk, _, _ := db.IssueTicket(walkIn(days[0], "pas"), "A", booking.EventTicketIssued); tk.Number != "A001" {
		t.Errorf("counter of purged day kept: %s", tk.Number)
	}
}
