package site

import (
	"slices"
	"sync"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// dayCache holds today's tickets in memory. booking reads the whole day for every call
// (the queue's order depends on every ticket), and decoding a few thousand tickets from
// bbolt per call made "call next" cost O(tickets) in JSON alone. The desk is the only
// writer of tickets, so after each of its writes it can update the copy instead of
// reading the file again; anything it is unsure of, it drops and reads again.
type dayCache struct {
	db *storage.DB

	mu      sync.Mutex
	day     string // "" when nothing is cached
	tickets []booking.Ticket
	index   map[string]int // ticket number → position in tickets
}

// Tickets lists the tickets of day in issue order, from memory when it can.
func (c *dayCache) Tickets(day string) ([]booking.Ticket, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.day != day {
		ts, err := c.db.Tickets(day)
		if err != nil {
			return nil, err
		}
		c.day, c.tickets, c.index = day, ts, make(map[string]int, len(ts))
		for i, t := range ts {
			c.index[t.Number] = i
		}
	}
	return slices.Clone(c.tickets), nil
}

// stored records a ticket just committed: a new one goes last (issue order), a changed
// one replaces its old self.
func (c *dayCache) stored(t booking.Ticket) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Day != c.day {
		return // a day not cached is read from the file when asked for
	}
	if i, ok := c.index[t.Number]; ok {
		c.tickets[i] = t
		return
	}
	c.index[t.Number] = len(c.tickets)
	c.tickets = append(c.tickets, t)
}

// drop forgets the cache, after a write whose outcome is unknown.
func (c *dayCache) drop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.day, c.tickets, c.index = "", nil, nil
}

// cachedStore is the desk's booking.Store: the database, with tickets read through the cache.
type cachedStore struct {
	*storage.DB
	cache *dayCache
}

func (s cachedStore) Tickets(day string) ([]booking.Ticket, error) { return s.cache.Tickets(day) }
