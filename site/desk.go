package site

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// Desk is the centre's one writer: it applies every command to its database, one at a
// time, records each answer under the command's idempotency key in the same transaction,
// and tells the stream. Reads go straight to bbolt, which gives them a consistent view
// without waiting for the writer.
type Desk struct {
	db    *storage.DB
	clock booking.Clock
	rules booking.Rules
	read  *booking.Desk // for queries; commands get a booking.Desk of their own (apply)

	// mu makes "look up the key, apply, record" one step. Two counters at different
	// machines both reach this one Desk, so neither can call the ticket the other called.
	mu     sync.Mutex
	purged string // the day whose earlier command records were last deleted; under mu

	changes *hub
	cache   *dayCache
	notify  func() // wakes the sync with central after each change; see OnChange
}

// OnChange sets f to be called after every command that changed something, such as the
// central sync's Notify, so that events leave the outbox within moments. Call it before
// serving.
func (d *Desk) OnChange(f func()) { d.notify = f }

// Caller is who gives a command: the client's name (its certificate's CN) and the
// idempotency key it chose for this command and keeps across retries.
type Caller struct {
	Client, Key string
}

// NewDesk returns the desk over db. A nil clock means the wall clock.
func NewDesk(db *storage.DB, clock booking.Clock, rules booking.Rules) *Desk {
	if clock == nil {
		clock = booking.SystemClock{}
	}
	cache := &dayCache{db: db}
	return &Desk{db: db, clock: clock, rules: rules, cache: cache,
		read: booking.NewDesk(cachedStore{DB: db, cache: cache}, clock, rules), changes: newHub(clock)}
}

// Changes returns the changes after id, whether they are all there, the id of the newest
// change and a channel closed at the next change. complete is false for id 0 and when
// changes after id were dropped (too old, or from before the desk restarted): the caller
// should read the whole state again and follow on from last.
func (d *Desk) Changes(id uint64) (cs []Change, complete bool, last uint64, next <-chan struct{}) {
	return d.changes.since(id)
}

// Query is the desk's read side, shared by every client: *booking.Desk.
func (d *Desk) Query() *booking.Desk { return d.read }

// onceStore is the store of one command: its ticket write carries the command's record,
// and the cache learns what was written.
type onceStore struct {
	cachedStore
	key storage.CommandKey
	rec storage.CommandRecord
}

func (s onceStore) IssueTicket(t booking.Ticket, prefix string, kind booking.EventKind) (booking.Ticket, bool, error) {
	issued, existed, err := s.DB.IssueTicketOnce(s.key, s.rec, t, prefix, kind)
	s.learn(issued, err)
	return issued, existed, err
}

func (s onceStore) learn(t booking.Ticket, err error) {
	if err != nil {
		s.cache.drop()
		return
	}
	s.cache.stored(t)
}

// UpdateTicket tells central what the counter did by its own kind, where booking, written
// before the central API had one, reuses "called" and "ticket-issued".
func (s onceStore) UpdateTicket(t booking.Ticket, kind booking.EventKind) error {
	if k, ok := counterKinds[s.rec.Action]; ok {
		kind = k
	}
	err := s.DB.UpdateTicketOnce(s.key, s.rec, t, kind)
	s.learn(t, err)
	return err
}

var counterKinds = map[string]booking.EventKind{
	"recall":   booking.EventRecalled,
	"start":    booking.EventServing,
	"transfer": booking.EventTransferred,
}

// outcome is what a command answered: the ticket it wrote, and for check-ins the visit.
type outcome struct {
	ticket  booking.Ticket
	visit   booking.Visit
	replay  bool // answered from the record of an earlier try
	existed bool
}

// apply runs do once per idempotency key. request describes the command's input, so that
// a key reused for another request is refused rather than answered with the wrong ticket.
func (d *Desk) apply(c Caller, action string, request []string, do func(*booking.Desk) (outcome, error)) (outcome, error) {
	if c.Client == "" || c.Key == "" {
		return outcome{}, badInput("%s: no client or idempotency key", action)
	}
	key := storage.CommandKey{Day: booking.DayOf(d.clock.Now()), Client: c.Client, Key: c.Key}
	digest := action + "|" + strings.Join(request, "|")
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.purged != key.Day {
		// A client retries for seconds, so records of an earlier day are no use. A failed
		// purge is tried again at the next command and holds none of them up.
		if _, err := d.db.PurgeCommands(key.Day); err == nil {
			d.purged = key.Day
		}
	}
	rec, found, err := d.db.Command(key)
	if errors.Is(err, storage.ErrInvalidInput) {
		return outcome{}, badInput("%s: idempotency key: %v", action, err)
	}
	if err != nil {
		return outcome{}, fmt.Errorf("%s: %w", action, err)
	}
	if found {
		if rec.Action != action || rec.Request != digest {
			return outcome{}, fmt.Errorf("%s: key %q was used for %s: %w", action, c.Key, rec.Action, ErrKeyReused)
		}
		return outcome{ticket: rec.Ticket, existed: rec.Existed, replay: true}, nil
	}
	store := onceStore{cachedStore: cachedStore{DB: d.db, cache: d.cache}, key: key, rec: storage.CommandRecord{Action: action, Request: digest, At: d.clock.Now()}}
	out, err := do(booking.NewDesk(store, d.clock, d.rules))
	if err != nil {
		return out, err // a check-in too late brings the service to offer a walk-in for
	}
	if !out.existed {
		d.changes.publish(action, out.ticket)
		if d.notify != nil {
			d.notify()
		}
	}
	return out, nil
}

// visit answers a check-in or walk-in, rebuilding the visit of a replayed one from its
// ticket (place and wait as they stand now).
func (d *Desk) visit(out outcome) (booking.Visit, error) {
	if !out.replay {
		return out.visit, nil
	}
	t := out.ticket
	v := booking.Visit{Ticket: t, Again: out.existed}
	svc, err := d.read.Service(t.ServiceID)
	if err != nil {
		return v, err
	}
	v.Service = svc
	if t.AppointmentID != "" {
		if v.Appointment, err = d.db.AppointmentByID(t.AppointmentID); err != nil {
			return v, fmt.Errorf("replay visit %s: %w", t.Number, err)
		}
	}
	if f, err := d.read.Floor(); err == nil && t.Status.Waiting() {
		i := slices.IndexFunc(f.Order(d.rules), func(o booking.Ticket) bool { return o.Number == t.Number })
		v.Ahead = max(i, 0)
		if i := slices.IndexFunc(f.Waiting, func(o booking.Ticket) bool { return o.Number == t.Number }); i >= 0 {
			v.Wait = f.Waits(d.rules)[i]
		}
	}
	return v, nil
}

func visitOutcome(v booking.Visit, err error) (outcome, error) {
	return outcome{ticket: v.Ticket, visit: v, existed: v.Again}, err
}

// CheckIn checks in the holder of a booking code; see booking.Desk.CheckIn.
func (d *Desk) CheckIn(c Caller, code string) (booking.Visit, error) {
	out, err := d.apply(c, "check-in", []string{code}, func(b *booking.Desk) (outcome, error) {
		return visitOutcome(b.CheckIn(code))
	})
	if err != nil {
		return out.visit, err
	}
	return d.visit(out)
}

// CheckInAppointment checks in for the appointment with id; see booking.Desk.CheckInAppointment.
func (d *Desk) CheckInAppointment(c Caller, id string) (booking.Visit, error) {
	a, err := d.db.AppointmentByID(id)
	if errors.Is(err, booking.ErrNotFound) {
		return booking.Visit{}, fmt.Errorf("check in appointment: %w", booking.ErrNoMatch)
	}
	if err != nil {
		return booking.Visit{}, fmt.Errorf("check in appointment: %w", err)
	}
	out, err := d.apply(c, "check-in-appointment", []string{id}, func(b *booking.Desk) (outcome, error) {
		return visitOutcome(b.CheckInAppointment(a))
	})
	if err != nil {
		return out.visit, err
	}
	return d.visit(out)
}

// WalkIn issues a walk-in ticket for serviceID.
func (d *Desk) WalkIn(c Caller, serviceID string) (booking.Visit, error) {
	out, err := d.apply(c, "walk-in", []string{serviceID}, func(b *booking.Desk) (outcome, error) {
		return visitOutcome(b.WalkIn(serviceID))
	})
	if err != nil {
		return booking.Visit{}, err
	}
	return d.visit(out)
}

// CallNext calls the next ticket for counter; see booking.Desk.CallNext.
func (d *Desk) CallNext(c Caller, counter string, services []string) (booking.Ticket, error) {
	out, err := d.apply(c, "call-next", append([]string{counter}, services...), func(b *booking.Desk) (outcome, error) {
		t, err := b.CallNext(counter, services)
		return outcome{ticket: t}, err
	})
	return out.ticket, err
}

// Act applies a counter action (recall, start, no-show, finish) to the ticket number.
func (d *Desk) Act(c Caller, action, number string) (booking.Ticket, error) {
	var do func(b *booking.Desk) (booking.Ticket, error)
	switch action {
	case "recall":
		do = func(b *booking.Desk) (booking.Ticket, error) { return b.Recall(number) }
	case "start":
		do = func(b *booking.Desk) (booking.Ticket, error) { return b.Start(number) }
	case "no-show":
		do = func(b *booking.Desk) (booking.Ticket, error) { return b.NoShow(number) }
	case "finish":
		do = func(b *booking.Desk) (booking.Ticket, error) { return b.Finish(number) }
	default:
		return booking.Ticket{}, badInput("unknown action %q", action)
	}
	out, err := d.apply(c, action, []string{number}, func(b *booking.Desk) (outcome, error) {
		t, err := do(b)
		return outcome{ticket: t}, err
	})
	return out.ticket, err
}

// Transfer sends the ticket number to the queue of serviceID; see booking.Desk.Transfer.
func (d *Desk) Transfer(c Caller, number, serviceID string) (booking.Ticket, error) {
	out, err := d.apply(c, "transfer", []string{number, serviceID}, func(b *booking.Desk) (outcome, error) {
		t, err := b.Transfer(number, serviceID)
		return outcome{ticket: t}, err
	})
	return out.ticket, err
}
