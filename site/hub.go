package site

import (
	"sync"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// hubSize is how many changes the desk keeps for clients that reconnect. A board or
// counter away for longer than that many changes reads the whole state again instead.
const hubSize = 4096

// hub keeps the latest changes in order and wakes whoever waits for the next one.
type hub struct {
	mu      sync.Mutex
	first   uint64   // id of ring[0]
	ring    []Change // the latest changes, ids first, first+1, ...
	changed chan struct{}
}

// newHub starts ids at the clock's microseconds, so that the ids of a desk restarted later
// are higher than any a client kept from before: such a client is told to read everything
// again, rather than missing the changes made since.
func newHub(clock booking.Clock) *hub {
	return &hub{first: uint64(clock.Now().UnixMicro()), changed: make(chan struct{})}
}

func (h *hub) publish(action string, t booking.Ticket) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.first + uint64(len(h.ring))
	h.ring = append(h.ring, Change{ID: id, Action: action, Ticket: t})
	if len(h.ring) > hubSize {
		drop := len(h.ring) - hubSize/2
		h.ring = append(h.ring[:0:0], h.ring[drop:]...)
		h.first += uint64(drop)
	}
	close(h.changed)
	h.changed = make(chan struct{})
}

// since returns the changes after id, whether they are all there, the id of the newest
// change, and a channel closed at the next change. id 0 asks for no history: the caller
// reads the whole state and then follows on from last.
func (h *hub) since(id uint64) (cs []Change, complete bool, last uint64, next <-chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	last = h.first + uint64(len(h.ring)) - 1 // first-1 when the ring is empty
	switch {
	case id == 0:
		return nil, false, last, h.changed
	case id < h.first-1 || id > last:
		return nil, false, last, h.changed
	}
	return append([]Change(nil), h.ring[id+1-h.first:]...), true, last, h.changed
}
