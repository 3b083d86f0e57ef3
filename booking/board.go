package booking

import (
	"fmt"
	"slices"
	"time"
)

// BoardSize is how many tickets Board returns: the waiting-room display shows the last
// few calls, so that a citizen who looked away a moment ago still finds their number.
const BoardSize = 6

// Board returns "now serving": the tickets of day called to a counter and not yet done
// with, newest call first (by Announced, so a recall comes to the top as a new call), at
// most BoardSize. A ticket leaves it when it is finished or given up (no-show), so a citizen
// never sees a number that is no longer wanted, or is sent back to the queue (Transfer).
func (d *Desk) Board(day string) ([]Ticket, error) {
	ts, err := d.store.Tickets(day)
	if err != nil {
		return nil, fmt.Errorf("board: list tickets: %w", err)
	}
	ts = slices.DeleteFunc(ts, func(t Ticket) bool {
		return t.CalledAt.IsZero() || (t.Status != StatusCalled && t.Status != StatusServing)
	})
	slices.SortStableFunc(ts, func(a, b Ticket) int { return b.Announced().Compare(a.Announced()) })
	return ts[:min(len(ts), BoardSize)], nil
}

// Announced is when the ticket was last called to a counter: RecalledAt after a recall,
// else CalledAt; zero for a ticket never called.
func (t Ticket) Announced() time.Time {
	if t.RecalledAt.After(t.CalledAt) {
		return t.RecalledAt
	}
	return t.CalledAt
}

// AtCounter returns the ticket counter is dealing with today: the one it called last that
// is still called or serving. found is false when the counter is free.
func (d *Desk) AtCounter(counter string) (t Ticket, found bool, err error) {
	ts, err := d.store.Tickets(DayOf(d.clock.Now()))
	if err != nil {
		return Ticket{}, false, fmt.Errorf("counter %s: list tickets: %w", counter, err)
	}
	for _, c := range ts {
		if c.Counter != counter || (c.Status != StatusCalled && c.Status != StatusServing) {
			continue
		}
		if !found || c.CalledAt.After(t.CalledAt) {
			t, found = c, true
		}
	}
	return t, found, nil
}

// Place is a waiting ticket with its estimated wait until called.
type Place struct {
	Ticket Ticket
	Wait   time.Duration
}

// Line returns the tickets waiting for one of services (all if empty) in call order,
// each with its estimated wait (Floor.Waits, which counts every counter and service).
func (f Floor) Line(rules Rules, services []string) []Place {
	waits := f.Waits(rules)
	byNumber := make(map[string]time.Duration, len(f.Waiting))
	for i, t := range f.Waiting {
		byNumber[t.Number] = waits[i]
	}
	var out []Place
	for _, t := range f.Order(rules) {
		if offers(services, t.ServiceID) {
			out = append(out, Place{Ticket: t, Wait: byNumber[t.Number]})
		}
	}
	return out
}

// Line returns today's tickets waiting for one of services (all if empty), in call order
// with their estimated waits.
func (d *Desk) Line(services []string) ([]Place, error) {
	f, err := d.Floor()
	if err != nil {
		return nil, err
	}
	return f.Line(d.rules, services), nil
}
