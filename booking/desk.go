package booking

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Desk is the front desk: it checks citizens in, issues walk-in tickets and keeps the queue
// in order. It holds no state of its own beyond its rules, so one Desk may serve several
// screens at once as far as its Store allows.
type Desk struct {
	store Store
	clock Clock
	rules Rules

	// mu makes each counter action's read, check and write one step, so that two
	// counters of one process never call the same ticket. The Store has no
	// compare-and-swap, so this holds only within the process.
	mu sync.Mutex
}

// NewDesk returns a Desk that keeps its records in store, tells time by clock and applies rules.
// A nil clock means SystemClock.
func NewDesk(store Store, clock Clock, rules Rules) *Desk {
	if clock == nil {
		clock = SystemClock{}
	}
	return &Desk{store: store, clock: clock, rules: rules}
}

// Rules returns the rules the desk applies.
func (d *Desk) Rules() Rules { return d.rules }

// Visit is what a citizen learns at the kiosk after checking in or taking a ticket.
type Visit struct {
	Ticket      Ticket
	Service     Service
	Appointment Appointment   // zero for walk-ins
	Again       bool          // a second check-in: the same ticket as before, not a new one
	Ahead       int           // tickets before this one in the queue as it stands now
	Wait        time.Duration // estimated wait until called; see Floor.Waits
}

// Services lists the services offered today, in display order.
func (d *Desk) Services() ([]Service, error) {
	ss, err := d.store.Services()
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	return ss, nil
}

// Service returns the service with id, or an error wrapping ErrUnknownService.
func (d *Desk) Service(id string) (Service, error) {
	ss, err := d.Services()
	if err != nil {
		return Service{}, err
	}
	for _, s := range ss {
		if s.ID == id {
			return s, nil
		}
	}
	return Service{}, fmt.Errorf("service %q: %w", id, ErrUnknownService)
}

// CheckIn checks in the holder of a booking code, typed (ParseBookingCode) or scanned from
// the confirmation (ParseScan). Errors: ErrInvalidCode, ErrBadScan, ErrUnknownCode, and
// those of CheckInAppointment.
func (d *Desk) CheckIn(code string) (Visit, error) {
	c, err := parseTypedOrScanned(code)
	if err != nil {
		return Visit{}, fmt.Errorf("check in: %w", err)
	}
	a, err := d.store.AppointmentByCode(c)
	if errors.Is(err, ErrNotFound) {
		return Visit{}, fmt.Errorf("check in: %w", ErrUnknownCode)
	}
	if err != nil {
		return Visit{}, fmt.Errorf("check in: look up booking code: %w", err)
	}
	return d.CheckInAppointment(a)
}

// parseTypedOrScanned treats input made only of digits, spaces and dashes as typed, and
// anything else as a scanner's payload.
func parseTypedOrScanned(s string) (string, error) {
	typed := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && !isCodeSeparator(r) }) < 0
	if typed {
		return ParseBookingCode(s)
	}
	return ParseScan(s)
}

// CheckInAppointment checks in for a (found by FindByBirth or by code). Inside the window
// [Start-Early, Start+Late] it issues an appointment ticket; a second check-in returns the
// ticket issued before with Visit.Again set, even once the window has closed. Otherwise it
// returns ErrAppointmentCancelled, *TooEarlyError (also for a later day), *TooLateError (with Visit.Service set, for a walk-in ticket), or
// ErrUnknownService when the appointment's service is not offered today.
func (d *Desk) CheckInAppointment(a Appointment) (Visit, error) {
	if a.Cancelled {
		return Visit{}, fmt.Errorf("check in: %w", ErrAppointmentCancelled)
	}
	svc, err := d.Service(a.ServiceID)
	if err != nil {
		return Visit{}, fmt.Errorf("check in: %w", err)
	}
	now := d.clock.Now()
	opens, closes := a.Start.Add(-d.rules.early()), a.Start.Add(d.rules.late())
	if now.Before(opens) || now.After(closes) {
		// Outside the window a ticket issued earlier still counts: the citizen may be
		// checking in twice. Only then is the day's list read.
		t, found, err := d.ticketFor(a, now)
		if err != nil {
			return Visit{}, err
		}
		if found {
			return d.visit(t, svc, a, true), nil
		}
		if now.Before(opens) {
			return Visit{}, &TooEarlyError{Start: a.Start, ComeBackAt: opens}
		}
		// The service comes back with the error so the kiosk can offer a walk-in ticket
		// for it in one tap.
		return Visit{Service: svc}, &TooLateError{Start: a.Start}
	}
	t := Ticket{
		Day:           DayOf(now),
		Kind:          KindAppointment,
		Status:        StatusIssued,
		ServiceID:     svc.ID,
		AppointmentID: a.ID,
		BookedAt:      a.Start,
		IssuedAt:      now,
	}
	issued, existed, err := d.store.IssueTicket(t, svc.Prefix, EventCheckIn)
	if err != nil {
		return Visit{}, fmt.Errorf("check in: issue ticket: %w", err)
	}
	return d.visit(issued, svc, a, existed), nil
}

// ticketFor finds a ticket already issued today for appointment a.
func (d *Desk) ticketFor(a Appointment, now time.Time) (Ticket, bool, error) {
	ts, err := d.store.Tickets(DayOf(now))
	if err != nil {
		return Ticket{}, false, fmt.Errorf("check in: list tickets: %w", err)
	}
	i := slices.IndexFunc(ts, func(t Ticket) bool { return t.AppointmentID == a.ID })
	if i < 0 {
		return Ticket{}, false, nil
	}
	return ts[i], true, nil
}

// WalkIn issues a ticket for a citizen without an appointment. Error: ErrUnknownService.
func (d *Desk) WalkIn(serviceID string) (Visit, error) {
	svc, err := d.Service(serviceID)
	if err != nil {
		return Visit{}, fmt.Errorf("walk in: %w", err)
	}
	now := d.clock.Now()
	t := Ticket{Day: DayOf(now), Kind: KindWalkIn, Status: StatusIssued, ServiceID: svc.ID, IssuedAt: now}
	issued, _, err := d.store.IssueTicket(t, svc.Prefix, EventTicketIssued)
	if err != nil {
		return Visit{}, fmt.Errorf("walk in: issue ticket: %w", err)
	}
	return d.visit(issued, svc, Appointment{}, false), nil
}

// Floor returns today's waiting room: waiting tickets, counters at work and the call streak.
func (d *Desk) Floor() (Floor, error) {
	now := d.clock.Now()
	ts, err := d.store.Tickets(DayOf(now))
	if err != nil {
		return Floor{}, fmt.Errorf("queue: list tickets: %w", err)
	}
	ss, err := d.Services()
	if err != nil {
		return Floor{}, fmt.Errorf("queue: %w", err)
	}
	return FloorOf(ts, ss, now), nil
}

// Queue returns today's waiting tickets in call order.
func (d *Desk) Queue() ([]Ticket, error) {
	f, err := d.Floor()
	if err != nil {
		return nil, err
	}
	return f.Order(d.rules), nil
}

// visit completes a Visit with the ticket's place in the queue and its estimated wait.
// A ticket no longer waiting (already called) has neither. The ticket is stored by now, so
// if the queue cannot be read the Visit is still returned, without the estimate: an error
// here would send the citizen back to take a second ticket.
func (d *Desk) visit(t Ticket, svc Service, a Appointment, again bool) Visit {
	v := Visit{Ticket: t, Service: svc, Appointment: a, Again: again}
	if !t.Status.Waiting() {
		return v
	}
	f, err := d.Floor()
	if err != nil {
		return v
	}
	if i := slices.IndexFunc(f.Order(d.rules), func(o Ticket) bool { return o.Number == t.Number }); i >= 0 {
		v.Ahead = i
	}
	if i := slices.IndexFunc(f.Waiting, func(o Ticket) bool { return o.Number == t.Number }); i >= 0 {
		v.Wait = f.Waits(d.rules)[i]
	}
	return v
}
