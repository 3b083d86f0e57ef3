package booking_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// exampleStore is the smallest Store an example needs: one service, one appointment.
type exampleStore struct {
	appointment booking.Appointment
	tickets     []booking.Ticket
}

func (s *exampleStore) Services() ([]booking.Service, error) {
	return []booking.Service{{ID: "pas", NameDA: "Pas", NameEN: "Passport", Prefix: "A", Duration: 10 * time.Minute}}, nil
}

func (s *exampleStore) AppointmentByCode(code string) (booking.Appointment, error) {
	if code != s.appointment.Code {
		return booking.Appointment{}, booking.ErrNotFound
	}
	return s.appointment, nil
}

func (s *exampleStore) AppointmentByID(id string) (booking.Appointment, error) {
	if id != s.appointment.ID {
		return booking.Appointment{}, booking.ErrNotFound
	}
	return s.appointment, nil
}

func (s *exampleStore) AppointmentsByBirthDate(string, booking.Date) ([]booking.Appointment, error) {
	return nil, nil
}

func (s *exampleStore) IssueTicket(t booking.Ticket, prefix string, _ booking.EventKind) (booking.Ticket, bool, error) {
	for _, old := range s.tickets {
		if t.AppointmentID != "" && old.AppointmentID == t.AppointmentID {
			return old, true, nil
		}
	}
	t.Seq = len(s.tickets) + 1
	t.Number = booking.FormatNumber(prefix, t.Seq)
	s.tickets = append(s.tickets, t)
	return t, false, nil
}

func (s *exampleStore) UpdateTicket(booking.Ticket, booking.EventKind) error { return nil }

func (s *exampleStore) Tickets(string) ([]booking.Ticket, error) { return s.tickets, nil }

func ExampleDesk_CheckIn() {
	start := time.Date(2026, time.March, 10, 10, 0, 0, 0, time.UTC)
	code := booking.MakeBookingCode(5724041)
	store := &exampleStore{appointment: booking.Appointment{ID: "a1", Code: code, ServiceID: "pas", Start: start}}
	now := start.Add(-40 * time.Minute)
	desk := booking.NewDesk(store, booking.ClockFunc(func() time.Time { return now }), booking.DefaultRules())

	// Forty minutes early: the window opens 30 minutes before.
	_, err := desk.CheckIn(booking.FormatBookingCode(code))
	var early *booking.TooEarlyError
	if errors.As(err, &early) {
		fmt.Println("come back at", early.ComeBackAt.Format("15:04"))
	}

	// Ten minutes later the QR code on the confirmation works.
	now = now.Add(10 * time.Minute)
	v, err := desk.CheckIn("BSK1:" + code + ";v=1\r\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Ticket.Number, v.Service.Name("en"), v.Again, v.Ahead, v.Wait)

	// Checking in twice gives the same ticket.
	v, _ = desk.CheckIn(code)
	fmt.Println(v.Ticket.Number, v.Again)
	// Output:
	// come back at 09:30
	// A001 Passport false 0 0s
	// A001 true
}
