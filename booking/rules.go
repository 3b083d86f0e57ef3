package booking

import "time"

// DefaultServiceDuration is the time at the counter assumed for a service whose Duration
// is not set, so that a missing figure does not make every wait look like zero.
const DefaultServiceDuration = 10 * time.Minute

// Rules are a centre's check-in and queue policy. The zero Rules is usable but strict:
// check-in only at the booked minute, appointments strictly first, one counter. Start from
// DefaultRules.
type Rules struct {
	// Early and Late bound the check-in window around an appointment's start:
	// [Start-Early, Start+Late], both ends included. Negative values count as 0.
	Early, Late time.Duration
	// WalkInRatio is how many due appointment tickets are called, while a walk-in waits,
	// before that walk-in is called; it keeps walk-ins from starving behind a full
	// appointment book. 0 calls every due appointment before any walk-in.
	WalkInRatio int
	// Counters is the number of counters open, for wait estimates. Less than 1 counts as 1.
	Counters int
}

// DefaultRules returns the policy most centres use: check in from 30 minutes before the
// appointment until 10 minutes after, one walk-in after every two appointments, three counters.
func DefaultRules() Rules {
	return Rules{Early: 30 * time.Minute, Late: 10 * time.Minute, WalkInRatio: 2, Counters: 3}
}

func (r Rules) early() time.Duration { return max(r.Early, 0) }
func (r Rules) late() time.Duration  { return max(r.Late, 0) }
func (r Rules) counters() int        { return max(r.Counters, 1) }
