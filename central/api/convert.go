package api

import (
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// FromService converts a domain service to its wire form. The duration is sent in whole
// seconds.
func FromService(s booking.Service) Service {
	return Service{
		ID:              s.ID,
		NameDA:          s.NameDA,
		NameEN:          s.NameEN,
		Prefix:          s.Prefix,
		DurationSeconds: int64(s.Duration / time.Second),
		Area:            s.Area,
		WaitingArea:     localText(s.Area, s.AreaEN),
		Bring:           localText(s.BringDA, s.BringEN),
	}
}

// localText is nil for a text in neither language, so the field is left out.
func localText(da, en string) *LocalText {
	if da == "" && en == "" {
		return nil
	}
	return &LocalText{DA: da, EN: en}
}

// Booking validates s and converts it to the domain.
func (s Service) Booking() (booking.Service, error) {
	if err := s.Validate(); err != nil {
		return booking.Service{}, fmt.Errorf("service: %w", err)
	}
	out := booking.Service{
		ID:       s.ID,
		NameDA:   s.NameDA,
		NameEN:   s.NameEN,
		Prefix:   s.Prefix,
		Duration: time.Duration(s.DurationSeconds) * time.Second,
		Area:     s.Area,
	}
	// An older server sends only the Danish area; a newer one sends both forms, and the
	// one in two languages wins.
	if a := s.WaitingArea; a != nil {
		out.Area, out.AreaEN = a.DA, a.EN
	}
	if b := s.Bring; b != nil {
		out.BringDA, out.BringEN = b.DA, b.EN
	}
	return out, nil
}

// FromAppointment converts a domain appointment to its wire form. Start keeps its
// location, so it is sent with the site's UTC offset.
func FromAppointment(a booking.Appointment) Appointment {
	return Appointment{
		ID:              a.ID,
		Code:            a.Code,
		ServiceID:       a.ServiceID,
		Start:           a.Start,
		DurationSeconds: int64(a.Duration / time.Second),
		Cancelled:       a.Cancelled,
		Citizen: Citizen{
			GivenNames: a.Citizen.GivenNames,
			Surname:    a.Citizen.Surname,
			BirthDate:  a.Citizen.BirthDate.String(),
		},
	}
}

// Booking validates a and converts it to the domain. Start keeps the UTC offset it was
// sent with, so its calendar day is the site's.
func (a Appointment) Booking() (booking.Appointment, error) {
	if err := a.Validate(); err != nil {
		return booking.Appointment{}, fmt.Errorf("appointment: %w", err)
	}
	birth, _ := ParseDay(a.Citizen.BirthDate) // Validate checked it
	return booking.Appointment{
		ID:        a.ID,
		Code:      a.Code,
		ServiceID: a.ServiceID,
		Start:     a.Start,
		Duration:  time.Duration(a.DurationSeconds) * time.Second,
		Citizen: booking.Citizen{
			GivenNames: a.Citizen.GivenNames,
			Surname:    a.Citizen.Surname,
			BirthDate:  birth,
		},
		Cancelled: a.Cancelled,
	}, nil
}

// Booking validates the list and converts its appointments to the domain.
func (l AppointmentList) Booking() ([]booking.Appointment, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("appointments of %s: %w", l.Day, err)
	}
	out := make([]booking.Appointment, len(l.Appointments))
	for i, a := range l.Appointments {
		out[i], _ = a.Booking() // validated above
	}
	return out, nil
}

// Booking validates the list and converts its services to the domain, in order.
func (l ServiceList) Booking() ([]booking.Service, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("services: %w", err)
	}
	out := make([]booking.Service, len(l.Services))
	for i, s := range l.Services {
		out[i], _ = s.Booking()
	}
	return out, nil
}

// EventFrom makes the wire form of an outbox event: key is its idempotency key and at
// when it happened (the outbox entry's creation time).
func EventFrom(key string, ev booking.Event, at time.Time) Event {
	t := ev.Ticket
	return Event{
		Key:  key,
		Kind: string(ev.Kind),
		At:   at,
		Ticket: Ticket{
			Number:        t.Number,
			Day:           t.Day,
			Kind:          t.Kind.String(),
			Status:        t.Status.String(),
			ServiceID:     t.ServiceID,
			AppointmentID: t.AppointmentID,
			Counter:       t.Counter,
		},
	}
}

var statusByName = map[string]booking.TicketStatus{
	"issued":    booking.StatusIssued,
	"called":    booking.StatusCalled,
	"serving":   booking.StatusServing,
	"done":      booking.StatusDone,
	"no-show":   booking.StatusNoShow,
	"cancelled": booking.StatusCancelled,
}

func parseStatus(s string) (booking.TicketStatus, bool) {
	st, ok := statusByName[s]
	return st, ok
}

// Booking validates e and converts it to the domain event. The wire form does not carry
// the ticket's times or its sequence number, so those stay zero.
func (e Event) Booking() (booking.Event, error) {
	if err := e.Validate(); err != nil {
		return booking.Event{}, fmt.Errorf("event: %w", err)
	}
	if e.Kind == KindAudit {
		return booking.Event{}, fmt.Errorf("event: %w", fieldErr("kind", "an audit event has no ticket"))
	}
	kind := booking.KindWalkIn
	if e.Ticket.Kind == "appointment" {
		kind = booking.KindAppointment
	}
	status, _ := parseStatus(e.Ticket.Status)
	return booking.Event{
		Kind: booking.EventKind(e.Kind),
		Ticket: booking.Ticket{
			Number:        e.Ticket.Number,
			Day:           e.Ticket.Day,
			Kind:          kind,
			Status:        status,
			ServiceID:     e.Ticket.ServiceID,
			AppointmentID: e.Ticket.AppointmentID,
			Counter:       e.Ticket.Counter,
		},
	}, nil
}
