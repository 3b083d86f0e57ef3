package booking

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// appt makes an appointment for service at start with serial n's booking code.
func appt(n int, service string, start time.Time, given string, birth Date) Appointment {
	return Appointment{
		ID: "appt-" + MakeBookingCode(n), Code: MakeBookingCode(n), ServiceID: service,
		Start: start, Duration: 15 * time.Minute,
		Citizen: Citizen{GivenNames: given, Surname: "Hansen", BirthDate: birth},
	}
}

func newTestDesk(now time.Time, appts ...Appointment) (*Desk, *memStore, *fixedClock) {
	store := newMemStore(services, appts...)
	clock := &fixedClock{now}
	return NewDesk(store, clock, DefaultRules()), store, clock
}

func TestCheckInRules(t *testing.T) {
	ten := appt(1, "pas", at(10, 0), "Søren", Date{1990, 3, 10})
	tomorrow := appt(2, "pas", at(10, 0).AddDate(0, 0, 1), "Ida", Date{1991, 1, 1})
	yesterday := appt(3, "pas", at(10, 0).AddDate(0, 0, -1), "Ida", Date{1991, 1, 1})
	cancelled := appt(4, "pas", at(10, 0), "Karen", Date{1950, 5, 5})
	cancelled.Cancelled = true
	noService := appt(5, "vielse", at(10, 0), "Ib", Date{1950, 5, 5})
	sec := time.Second

	tests := []struct {
		name     string
		earlier  []time.Time // earlier check-ins with the same code
		now      time.Time
		code     string
		want     string // ticket number
		again    bool
		err      error
		tooEarly time.Time // ComeBackAt when *TooEarlyError is expected
		tooLate  bool
	}{
		{name: "on time", now: at(10, 0), code: ten.Code, want: "A001"},
		{name: "window opens exactly", now: at(9, 30), code: ten.Code, want: "A001"},
		{name: "a second before the window", now: at(9, 30).Add(-sec), code: ten.Code, tooEarly: at(9, 30)},
		{name: "window closes exactly", now: at(10, 10), code: ten.Code, want: "A001"},
		{name: "a second after the window", now: at(10, 10).Add(sec), code: ten.Code, tooLate: true},
		{name: "duplicate", earlier: []time.Time{at(9, 40)}, now: at(9, 45), code: ten.Code, want: "A001", again: true},
		{name: "duplicate when late", earlier: []time.Time{at(9, 40)}, now: at(11, 0), code: ten.Code, want: "A001", again: true},
		{name: "typed with a space", now: at(10, 0), code: FormatBookingCode(ten.Code), want: "A001"},
		{name: "scanned QR", now: at(10, 0), code: "BSK1:" + ten.Code + ";v=1\r\n", want: "A001"},
		{name: "scanned link", now: at(10, 0), code: "https://borger.example.dk/c/" + ten.Code, want: "A001"},
		{name: "unknown", now: at(10, 0), code: MakeBookingCode(99), err: ErrUnknownCode},
		{name: "a letter: only a scanner sends one", now: at(10, 0), code: ten.Code[:7] + "x", err: ErrBadScan},
		{name: "wrong check digit", now: at(10, 0), code: ten.Code[:6] + ten.Code[7:] + ten.Code[6:7], err: ErrInvalidCode},
		{name: "too short", now: at(10, 0), code: "1234", err: ErrInvalidCode},
		{name: "truncated QR", now: at(10, 0), code: "BSK1:" + ten.Code[:4], err: ErrBadScan},
		{name: "cancelled", now: at(10, 0), code: cancelled.Code, err: ErrAppointmentCancelled},
		{name: "cancelled and early", now: at(7, 0), code: cancelled.Code, err: ErrAppointmentCancelled},
		{name: "other day", now: at(10, 0), code: tomorrow.Code, tooEarly: at(9, 30).AddDate(0, 0, 1)},
		{name: "yesterday", now: at(10, 0), code: yesterday.Code, tooLate: true},
		{name: "service not offered", now: at(10, 0), code: noService.Code, err: ErrUnknownService},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desk, store, clock := newTestDesk(tt.now, ten, tomorrow, yesterday, cancelled, noService)
			for _, e := range tt.earlier {
				clock.t = e
				if _, err := desk.CheckIn(tt.code); err != nil {
					t.Fatalf("earlier check-in at %v: %v", e, err)
				}
			}
			clock.t = tt.now
			v, err := desk.CheckIn(tt.code)

			var early *TooEarlyError
			var late *TooLateError
			switch {
			case !tt.tooEarly.IsZero():
				if !errors.As(err, &early) || !early.ComeBackAt.Equal(tt.tooEarly) {
					t.Fatalf("err = %v, want *TooEarlyError coming back at %v", err, tt.tooEarly)
				}
			case tt.tooLate:
				if !errors.As(err, &late) {
					t.Fatalf("err = %v, want *TooLateError", err)
				}
			case tt.err != nil:
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
			case err != nil:
				t.Fatalf("unexpected error %v", err)
			}
			if err != nil {
				if len(store.events) != len(tt.earlier) {
					t.Errorf("a refused check-in wrote %d events", len(store.events)-len(tt.earlier))
				}
				return
			}
			if v.Ticket.Number != tt.want || v.Again != tt.again {
				t.Errorf("ticket %s again=%v, want %s again=%v", v.Ticket.Number, v.Again, tt.want, tt.again)
			}
			if v.Ticket.Kind != KindAppointment || !v.Ticket.BookedAt.Equal(ten.Start) || v.Ticket.AppointmentID != ten.ID {
				t.Errorf("ticket %+v is not the appointment's", v.Ticket)
			}
			if v.Service.ID != "pas" || v.Appointment.ID != ten.ID {
				t.Errorf("visit names service %q, appointment %q", v.Service.ID, v.Appointment.ID)
			}
			if len(store.events) != 1 || store.events[0].Kind != EventCheckIn {
				t.Errorf("events = %+v, want one check-in", store.events)
			}
		})
	}
}

func TestCheckInNumbering(t *testing.T) {
	a := appt(1, "pas", at(10, 0), "A", Date{1990, 1, 1})
	b := appt(2, "pas", at(10, 0), "B", Date{1990, 1, 1})
	c := appt(3, "mitid", at(10, 0), "C", Date{1990, 1, 1})
	desk, _, _ := newTestDesk(at(9, 50), a, b, c)
	var got []string
	for _, code := range []string{a.Code, b.Code, c.Code} {
		v, err := desk.CheckIn(code)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v.Ticket.Number)
	}
	w, err := desk.WalkIn("pas")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, w.Ticket.Number)
	want := []string{"A001", "A002", "B001", "A003"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("numbers %v, want %v", got, want)
		}
	}
}

func TestWalkIn(t *testing.T) {
	desk, store, _ := newTestDesk(at(9, 0))
	v, err := desk.WalkIn("mitid")
	if err != nil {
		t.Fatal(err)
	}
	if v.Ticket.Number != "B001" || v.Ticket.Kind != KindWalkIn || v.Again || v.Ahead != 0 || v.Wait != 0 {
		t.Errorf("visit %+v", v)
	}
	if store.events[0].Kind != EventTicketIssued || !store.events[0].Ticket.IssuedAt.Equal(at(9, 0)) {
		t.Errorf("event %+v", store.events[0])
	}
	if _, err := desk.WalkIn("nope"); !errors.Is(err, ErrUnknownService) {
		t.Errorf("WalkIn(nope) = %v, want ErrUnknownService", err)
	}
	store.failIssues = errors.New("disk full")
	if _, err := desk.WalkIn("pas"); err == nil || errors.Is(err, ErrUnknownService) {
		t.Errorf("store failure gave %v", err)
	}
}

func TestVisitAheadAndWait(t *testing.T) {
	a := appt(1, "pas", at(10, 0), "A", Date{1990, 1, 1})
	desk, _, clock := newTestDesk(at(10, 0), a)
	desk.rules.Counters = 1
	for range 3 {
		if _, err := desk.WalkIn("koerekort"); err != nil { // 20 minutes each
			t.Fatal(err)
		}
	}
	clock.t = at(10, 1)
	v, err := desk.CheckIn(a.Code)
	if err != nil {
		t.Fatal(err)
	}
	// With WalkInRatio 2 and no calls yet, the due appointment goes before the walk-ins.
	if v.Ahead != 0 || v.Wait != 0 {
		t.Errorf("Ahead %d Wait %v, want 0, 0", v.Ahead, v.Wait)
	}
	w, err := desk.WalkIn("pas")
	if err != nil {
		t.Fatal(err)
	}
	// Ahead: the appointment and three walk-ins; the wait: 10 + 3×20 minutes at the one
	// counter, free now.
	if w.Ahead != 4 || w.Wait != 70*time.Minute {
		t.Errorf("Ahead %d Wait %v, want 4, 70m", w.Ahead, w.Wait)
	}
}

func TestStoreFailures(t *testing.T) {
	disk := errors.New("disk on fire")
	a := appt(1, "pas", at(10, 0), "A", Date{1990, 1, 1})

	desk, store, clock := newTestDesk(at(10, 0), a)
	store.failLookups = disk
	if _, err := desk.CheckIn(a.Code); !errors.Is(err, disk) || errors.Is(err, ErrUnknownCode) {
		t.Errorf("lookup failure: %v", err)
	}
	store.failLookups = nil

	// The ticket is stored before the queue is read: a Visit without estimate, no error,
	// so that the citizen is not sent to take a second ticket.
	store.failTickets = disk
	v, err := desk.WalkIn("pas")
	if err != nil || v.Ticket.Number != "A001" {
		t.Errorf("walk-in with unreadable queue: %+v, %v", v.Ticket, err)
	}
	if _, err := desk.Queue(); !errors.Is(err, disk) {
		t.Errorf("Queue: %v", err)
	}
	// Late, the Desk must read the day's tickets to tell a second check-in from a late one.
	clock.t = at(11, 0)
	if _, err := desk.CheckIn(a.Code); !errors.Is(err, disk) {
		t.Errorf("late check-in with unreadable tickets: %v", err)
	}
	store.failTickets = nil

	clock.t = at(10, 0)
	store.failIssues = disk
	if _, err := desk.CheckIn(a.Code); !errors.Is(err, disk) {
		t.Errorf("issue failure: %v", err)
	}
}

func TestWindowErrorMessages(t *testing.T) {
	early := &TooEarlyError{Start: at(10, 0), ComeBackAt: at(9, 30)}
	late := &TooLateError{Start: at(10, 0)}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{early, "booking: too early to check in for 2026-03-10 10:00:00; come back at 2026-03-10 09:30:00"},
		{late, "booking: too late to check in for 2026-03-10 10:00:00"},
	} {
		if got := fmt.Errorf("check in: %w", tc.err).Error(); got != "check in: "+tc.want {
			t.Errorf("message %q, want %q", got, tc.want)
		}
	}
}
