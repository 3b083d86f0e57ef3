package api

import (
	"fmt"
	"time"
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
