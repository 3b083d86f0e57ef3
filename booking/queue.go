package booking

import (
	"slices"
	"time"
)

// The call order. Three groups wait:
//
//   - due appointments: appointment tickets whose booked time has come (BookedAt <= now),
//     in booked order — whoever booked 10:00 goes before 10:15, whenever they checked in;
//   - walk-ins, in arrival order;
//   - early appointments: checked in before their booked time. They wait for it, so that
//     turning up early does not push others back, unless no one else waits.
//
// Due appointments and walk-ins are interleaved: after Rules.WalkInRatio due appointments
// have been called ahead of a waiting walk-in, that walk-in is called. Queue systems whose
// priority tickets may starve ordinary ones are what their users complain about most.
//
// The interleave depends on history: how many appointments were just called past the
// walk-in now first in line. A Floor carries that as Streak, so that recomputing the order
// after every call continues the ratio instead of restarting it.

// Floor is the waiting room at one moment: everything the call order and the waiting
// times depend on. FloorOf builds it from a day's tickets.
type Floor struct {
	Now     time.Time
	Waiting []Ticket // tickets still waiting, in any order
	// Streak is how many appointment tickets were called, while a walk-in waited, since the
	// last walk-in was called. 0 for a fresh start.
	Streak int
	// Busy holds, for each counter serving someone now, when it should be free again.
	// Counters beyond these (up to Rules.Counters) are free at Now.
	Busy []time.Time
	// Durations is the typical time at the counter by service ID; a missing or
	// non-positive one counts as DefaultServiceDuration.
	Durations map[string]time.Duration
}

// OrderQueue returns the waiting tickets in the order they will be called at now, as if the
// last ticket called was a walk-in. It does not change waiting.
func OrderQueue(waiting []Ticket, now time.Time, rules Rules) []Ticket {
	return Floor{Now: now, Waiting: waiting}.Order(rules)
}

// EstimateWait returns, for each ticket of waiting (same index), the estimated time until it
// is called at one of rules.Counters counters, all free at now; durations gives the time at
// the counter by service ID. See Floor.Waits.
func EstimateWait(waiting []Ticket, now time.Time, rules Rules, durations map[string]time.Duration) []time.Duration {
	return Floor{Now: now, Waiting: waiting, Durations: durations}.Waits(rules)
}

// FloorOf builds the Floor at now from all of a day's tickets (any status, any order) and
// the services offered.
func FloorOf(tickets []Ticket, services []Service, now time.Time) Floor {
	f := Floor{Now: now, Durations: make(map[string]time.Duration, len(services))}
	for _, s := range services {
		f.Durations[s.ID] = s.Duration
	}
	var called []Ticket
	for _, t := range tickets {
		switch {
		case t.Status.Waiting():
			f.Waiting = append(f.Waiting, t)
		case t.Status == StatusCalled || t.Status == StatusServing:
			f.Busy = append(f.Busy, t.CalledAt.Add(f.duration(t.ServiceID)))
		}
		if !t.CalledAt.IsZero() {
			called = append(called, t)
		}
	}
	f.Streak = streak(tickets, called)
	return f
}

// streak counts, from the latest call back to the latest walk-in call, the appointment
// calls made while some walk-in waited.
func streak(tickets, called []Ticket) int {
	slices.SortStableFunc(called, func(a, b Ticket) int { return b.CalledAt.Compare(a.CalledAt) })
	n := 0
	for _, c := range called {
		if c.Kind == KindWalkIn {
			break
		}
		if walkInWaitingAt(tickets, c.CalledAt) {
			n++
		}
	}
	return n
}

func walkInWaitingAt(tickets []Ticket, at time.Time) bool {
	for _, w := range tickets {
		if w.Kind != KindWalkIn || w.IssuedAt.After(at) {
			continue
		}
		if w.CalledAt.IsZero() && w.Status.Waiting() || w.CalledAt.After(at) {
			return true
		}
	}
	return false
}

func (f Floor) duration(serviceID string) time.Duration {
	if d := f.Durations[serviceID]; d > 0 {
		return d
	}
	return DefaultServiceDuration
}

// Order returns f.Waiting in call order at f.Now.
func (f Floor) Order(rules Rules) []Ticket {
	// Indices are sorted rather than tickets: a Ticket is a few hundred bytes, and the
	// comparators end on the unique Number, so an unstable sort gives one answer.
	var due, walkIns, early []int
	for i, t := range f.Waiting {
		switch {
		case t.Kind != KindAppointment:
			walkIns = append(walkIns, i)
		case t.BookedAt.After(f.Now):
			early = append(early, i)
		default:
			due = append(due, i)
		}
	}
	booked := func(a, b int) int { return byBooked(f.Waiting[a], f.Waiting[b]) }
	slices.SortFunc(due, booked)
	slices.SortFunc(early, booked)
	slices.SortFunc(walkIns, func(a, b int) int { return byArrival(f.Waiting[a], f.Waiting[b]) })

	out := make([]Ticket, 0, len(f.Waiting))
	s, i, j := f.Streak, 0, 0
	for i < len(due) || j < len(walkIns) {
		if j < len(walkIns) && (i == len(due) || walkInTurn(s, rules)) {
			out = append(out, f.Waiting[walkIns[j]])
			j, s = j+1, 0
			continue
		}
		out = append(out, f.Waiting[due[i]])
		i++
		if j < len(walkIns) {
			s++
		}
	}
	for _, k := range early {
		out = append(out, f.Waiting[k])
	}
	return out
}

// walkInTurn reports whether a waiting walk-in goes before the next due appointment.
func walkInTurn(streak int, rules Rules) bool {
	return rules.WalkInRatio > 0 && streak >= rules.WalkInRatio
}

// Waits returns, for each ticket of f.Waiting (same index), the estimated time from f.Now
// until it is called. It plays the day forward: whenever a counter falls free, the ticket
// first in the order at that moment is called and keeps the counter for its service's
// duration. So an early check-in moves ahead once its booked time comes, and walk-ins keep
// their share. Citizens who have not arrived yet are not foreseen, so the estimate is a
// lower bound for walk-ins when appointments are still to come.
func (f Floor) Waits(rules Rules) []time.Duration {
	waits := make([]time.Duration, len(f.Waiting))
	free := make([]time.Time, rules.counters())
	for i := range free {
		free[i] = f.Now
		if i < len(f.Busy) && f.Busy[i].After(f.Now) {
			free[i] = f.Busy[i]
		}
	}
	// Sorted once: appointments by booked time, walk-ins by arrival. The appointments due
	// at any moment are then a prefix of the first list, since "due" is BookedAt <= t and
	// time only moves on, so the ticket called next is always the head of one of the two.
	var appts, walkIns []int
	for i, t := range f.Waiting {
		if t.Kind == KindAppointment {
			appts = append(appts, i)
		} else {
			walkIns = append(walkIns, i)
		}
	}
	slices.SortFunc(appts, func(a, b int) int { return byBooked(f.Waiting[a], f.Waiting[b]) })
	slices.SortFunc(walkIns, func(a, b int) int { return byArrival(f.Waiting[a], f.Waiting[b]) })

	s := f.Streak
	for len(appts) > 0 || len(walkIns) > 0 {
		c := 0
		for k := range free {
			if free[k].Before(free[c]) {
				c = k
			}
		}
		at := free[c]
		due := len(appts) > 0 && !f.Waiting[appts[0]].BookedAt.After(at)
		var k int
		if len(walkIns) > 0 && (!due || walkInTurn(s, rules)) {
			k, walkIns, s = walkIns[0], walkIns[1:], 0
		} else {
			// A due appointment, or an early one when no one else waits.
			k, appts = appts[0], appts[1:]
			if due && len(walkIns) > 0 {
				s++
			}
		}
		waits[k] = at.Sub(f.Now)
		free[c] = at.Add(f.duration(f.Waiting[k].ServiceID))
	}
	return waits
}

// byBooked orders appointment tickets by booked time, then arrival, then number.
func byBooked(a, b Ticket) int {
	if c := a.BookedAt.Compare(b.BookedAt); c != 0 {
		return c
	}
	return byArrival(a, b)
}

// byArrival orders tickets by issue time, then number, so equal times still sort the same
// way every time.
func byArrival(a, b Ticket) int {
	if c := a.IssuedAt.Compare(b.IssuedAt); c != 0 {
		return c
	}
	if a.Number < b.Number {
		return -1
	}
	if a.Number > b.Number {
		return 1
	}
	return 0
}
