package kiosk

import (
	"slices"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// callTracker tells the board's new calls from those it has announced. A call is a ticket
// with the time it was last called (booking.Ticket.Announced), so a recall, which has a new
// time, is a new call. The zero value is ready: its first update only takes note.
type callTracker struct {
	started bool
	newest  time.Time            // the latest call seen so far
	seen    map[string]time.Time // number → time of its call, as the last read had them
}

// update takes a read of the board and returns the calls new since the last one, oldest
// first, so that they are announced in the order the counters made them.
func (c *callTracker) update(ts []booking.Ticket) []booking.Ticket {
	var fresh []booking.Ticket
	seen := make(map[string]time.Time, len(ts))
	newest := c.newest
	for _, t := range ts {
		at := t.Announced()
		seen[t.Number] = at
		if at.After(newest) {
			newest = at
		}
		if !c.started {
			continue
		}
		// A ticket that comes back into view when newer ones are done with was called long
		// ago: only a call no older than the newest seen before is new. Two calls in the same
		// instant are told apart by number.
		if prev, ok := c.seen[t.Number]; (ok && prev.Equal(at)) || at.Before(c.newest) {
			continue
		}
		fresh = append(fresh, t)
	}
	c.started, c.newest, c.seen = true, newest, seen
	slices.SortStableFunc(fresh, func(a, b booking.Ticket) int { return a.Announced().Compare(b.Announced()) })
	return fresh
}
