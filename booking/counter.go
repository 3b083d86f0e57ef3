package booking

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// The counter's actions move a ticket through its life:
//
//	issued ──CallNext──▶ called ──Start──▶ serving ──Finish──▶ done
//	                      │  ▲                │
//	                      │  └─Recall         └──Transfer──▶ issued (another service)
//	                      ├──NoShow──▶ no-show
//	                      ├──Finish──▶ done (staff skipped Start)
//	                      └──Transfer──▶ issued (another service)
//
// Each action writes the changed ticket and its event with one Store.UpdateTicket, so the
// central system learns exactly what the screen showed. The central API knows six event
// kinds (api/openapi.yaml): there is none for "serving" or "transferred", so Start sends
// EventCalled and Transfer EventTicketIssued; the ticket inside each event carries its new
// status and service, which tell them apart.

// CallNext calls the ticket first in the call order (see Floor.Order) among those waiting
// for one of services (all services if empty) to counter: it becomes StatusCalled with
// CalledAt now, and EventCalled is written. Errors: ErrNoCounter, ErrQueueEmpty.
func (d *Desk) CallNext(counter string, services []string) (Ticket, error) {
	if counter == "" {
		return Ticket{}, fmt.Errorf("call next: %w", ErrNoCounter)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	f, err := d.Floor()
	if err != nil {
		return Ticket{}, fmt.Errorf("call next: %w", err)
	}
	order := f.Order(d.rules)
	i := slices.IndexFunc(order, func(t Ticket) bool { return offers(services, t.ServiceID) })
	if i < 0 {
		return Ticket{}, fmt.Errorf("call next at counter %s: %w", counter, ErrQueueEmpty)
	}
	t := order[i]
	t.Status, t.CalledAt, t.RecalledAt, t.Counter = StatusCalled, f.Now, time.Time{}, counter
	if err := d.update(t, EventCalled, "call next"); err != nil {
		return Ticket{}, err
	}
	return t, nil
}

// offers reports whether serviceID is among services; an empty list offers every service.
func offers(services []string, serviceID string) bool {
	return len(services) == 0 || slices.Contains(services, serviceID)
}

// Recall calls a called ticket again, for a citizen who did not come: RecalledAt becomes
// now, so the board shows the number on top again, and EventCalled is written. CalledAt
// stays: the walk-in ratio is rebuilt from when tickets were first called (FloorOf).
func (d *Desk) Recall(number string) (Ticket, error) {
	return d.act(number, "recall", EventCalled, func(t *Ticket, now time.Time) bool {
		t.RecalledAt = now
		return t.Status == StatusCalled
	})
}

// Start records that the called citizen has come to the counter: StatusServing. It writes
// EventCalled (the central API has no kind for it; the ticket's status says serving).
func (d *Desk) Start(number string) (Ticket, error) {
	return d.act(number, "start", EventCalled, func(t *Ticket, _ time.Time) bool {
		ok := t.Status == StatusCalled
		t.Status = StatusServing
		return ok
	})
}

// NoShow gives up on a called ticket whose citizen did not come: StatusNoShow, DoneAt now,
// EventNoShow. A citizen who turns up later takes a new ticket.
func (d *Desk) NoShow(number string) (Ticket, error) {
	return d.act(number, "no-show", EventNoShow, func(t *Ticket, now time.Time) bool {
		ok := t.Status == StatusCalled
		t.Status, t.DoneAt = StatusNoShow, now
		return ok
	})
}

// Finish records that the citizen has been served: StatusDone, DoneAt now, EventServed.
// It accepts a ticket still called as well as one serving, since staff often skip Start.
func (d *Desk) Finish(number string) (Ticket, error) {
	return d.act(number, "finish", EventServed, func(t *Ticket, now time.Time) bool {
		ok := t.Status == StatusCalled || t.Status == StatusServing
		t.Status, t.DoneAt = StatusDone, now
		return ok
	})
}

// Transfer sends a called or serving ticket back to the queue for the service serviceID,
// for a citizen whose errand belongs at another counter. The ticket keeps its number and
// its place: walk-ins wait by IssuedAt and appointments by BookedAt, so it goes ahead of
// everyone who came after it. CalledAt, RecalledAt and Counter are cleared, because the
// ticket waits again; so its first call no longer counts towards the walk-in ratio.
// It writes EventTicketIssued, the ticket issued anew for its new service (the central
// API has no kind for a transfer). Errors: ErrUnknownService, and those of every action.
func (d *Desk) Transfer(number, serviceID string) (Ticket, error) {
	if _, err := d.Service(serviceID); err != nil {
		return Ticket{}, fmt.Errorf("transfer %s: %w", number, err)
	}
	return d.act(number, "transfer", EventTicketIssued, func(t *Ticket, _ time.Time) bool {
		ok := t.Status == StatusCalled || t.Status == StatusServing
		t.Status, t.ServiceID = StatusIssued, serviceID
		t.CalledAt, t.RecalledAt, t.Counter = time.Time{}, time.Time{}, ""
		return ok
	})
}

// act finds today's ticket number, lets change edit it (reporting whether the action
// fits the status it had), and stores it with an event of kind.
func (d *Desk) act(number, action string, kind EventKind, change func(t *Ticket, now time.Time) bool) (Ticket, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.clock.Now()
	t, err := d.ticket(DayOf(now), number)
	if err != nil {
		return Ticket{}, fmt.Errorf("%s: %w", action, err)
	}
	was := t.Status
	if !change(&t, now) {
		return Ticket{}, &TicketStateError{Number: number, Status: was, Action: action}
	}
	if err := d.update(t, kind, action); err != nil {
		return Ticket{}, err
	}
	return t, nil
}

// ticket finds the ticket number of day.
func (d *Desk) ticket(day, number string) (Ticket, error) {
	ts, err := d.store.Tickets(day)
	if err != nil {
		return Ticket{}, fmt.Errorf("list tickets: %w", err)
	}
	i := slices.IndexFunc(ts, func(t Ticket) bool { return t.Number == number })
	if i < 0 {
		return Ticket{}, fmt.Errorf("ticket %q: %w", number, ErrUnknownTicket)
	}
	return ts[i], nil
}

// update stores t and its event, turning the store's ErrNotFound into ErrUnknownTicket.
func (d *Desk) update(t Ticket, kind EventKind, action string) error {
	err := d.store.UpdateTicket(t, kind)
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%s: ticket %q: %w", action, t.Number, ErrUnknownTicket)
	}
	if err != nil {
		return fmt.Errorf("%s: store ticket %s: %w", action, t.Number, err)
	}
	return nil
}
