package api

import (
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// TicketState is the latest state of one ticket number as central knows it from the events
// pushed: the ticket of the last event under the number, when it was first issued and when
// that last event happened. Ids only, like Ticket.
type TicketState struct {
	Ticket
	IssuedAt  time.Time `json:"issuedAt"`  // the first event's time
	UpdatedAt time.Time `json:"updatedAt"` // the last event's time
}

// TicketList is the body of GET /sites/{site}/tickets?day=: every ticket number of the day
// that central holds for the site, sorted by issue time. A site desk that lost its
// database rebuilds its day from it and continues the numbering after it.
type TicketList struct {
	Day     string        `json:"day"`
	Tickets []TicketState `json:"tickets"`
}

// Validate checks the list: its day, each ticket, that each ticket is of that day, and
// that no number appears twice.
func (l TicketList) Validate() error {
	if err := checkDay("day", l.Day); err != nil {
		return err
	}
	if l.Tickets == nil {
		return fieldErr("tickets", "required")
	}
	seen := make(map[string]bool, len(l.Tickets))
	for i, t := range l.Tickets {
		field := fmt.Sprintf("tickets[%d]", i)
		if err := t.Ticket.Validate(); err != nil {
			return within(field, err)
		}
		if t.Day != l.Day {
			return fieldErr(field+".day", "not the list's day")
		}
		if seen[t.Number] {
			return fieldErr(field+".number", "appears twice")
		}
		seen[t.Number] = true
	}
	return nil
}

// Booking converts a ticket state of a validated list to the domain. The wire form has no
// times but the first and last event's, so the ticket is issued at IssuedAt and, once
// called, called at UpdatedAt (an approximation a rebuilt queue orders by); its sequence
// is left for the store to read from the number.
func (s TicketState) Booking() booking.Ticket {
	kind := booking.KindWalkIn
	if s.Kind == "appointment" {
		kind = booking.KindAppointment
	}
	status, _ := parseStatus(s.Status)
	t := booking.Ticket{
		Number: s.Number, Day: s.Day, Kind: kind, Status: status, ServiceID: s.ServiceID,
		AppointmentID: s.AppointmentID, Counter: s.Counter, IssuedAt: s.IssuedAt,
	}
	if status != booking.StatusIssued && status != booking.StatusCancelled {
		t.CalledAt = s.UpdatedAt
	}
	if status == booking.StatusDone || status == booking.StatusNoShow {
		t.DoneAt = s.UpdatedAt
	}
	return t
}
