package site

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Update is one thing the stream tells a screen.
type Update struct {
	// Reset: read the whole state again (at the first connection, after the desk
	// restarted, or after changes were missed). Change is empty then.
	Reset bool
	// Change is a ticket as it stands after a command, when Reset and Down are not set.
	Change Change
	// Down is set (wrapping ErrDeskUnreachable) when the stream broke; the client is
	// reconnecting and a Reset follows when it is back.
	Down error
}

// Changes follows the desk's stream until ctx ends, reconnecting by itself with
// Last-Event-ID, and closes the channel then. A consumer that falls behind misses
// changes but gets a Reset instead, so it can never show a stale state for long.
func (c *Client) Changes(ctx context.Context) <-chan Update {
	out := make(chan Update, 64)
	go c.follow(ctx, out)
	return out
}

// Changed is Changes as plain notifications: a value whenever the desk's state may have
// changed (a change, a reset, the desk gone or back), bursts folded into one, until ctx
// ends, when the channel closes. It is what a screen needs to read again at once
// (kiosk.ChangeFeed), without knowing the site API's types.
func (c *Client) Changed(ctx context.Context) <-chan struct{} {
	in := c.Changes(ctx)
	out := make(chan struct{}, 1)
	go func() {
		defer close(out)
		for range in {
			select {
			case out <- struct{}{}:
			default: // one waiting already says "read again"
			}
		}
	}()
	return out
}

func (c *Client) follow(ctx context.Context, out chan<- Update) {
	defer close(out)
	var last uint64
	wait := 100 * time.Millisecond
	hc := &http.Client{Transport: c.transport} // no timeout: a stream lives for hours
	for ctx.Err() == nil {
		connected, err := c.followOnce(ctx, hc, &last, out)
		if ctx.Err() != nil {
			return
		}
		if connected {
			wait = 100 * time.Millisecond
		}
		send(out, Update{Down: fmt.Errorf("site: stream: %w: %w", ErrDeskUnreachable, err)})
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// followOnce reads one connection of the stream. connected reports whether it got as
// far as an answer, so that the next attempt may start again with a short wait.
func (c *Client) followOnce(ctx context.Context, hc *http.Client, last *uint64, out chan<- Update) (connected bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/v1/stream", nil)
	if err != nil {
		return false, err
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set(headerClient, c.rc.Header.Get(headerClient))
	if *last != 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatUint(*last, 10))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		return true, answerError(resp.StatusCode, body)
	}
	r := newSSEReader(resp.Body)
	for {
		ev, err := r.Next()
		if err != nil {
			return true, err
		}
		id, idErr := strconv.ParseUint(ev.ID, 10, 64)
		u, ok := updateOf(ev)
		if idErr != nil || !ok {
			return true, fmt.Errorf("%w: stream event %q with id %q", ErrProtocol, ev.Event, ev.ID)
		}
		if !send(out, u) {
			// The consumer is behind: drop, and have it read everything when it catches up.
			*last = 0
			return true, fmt.Errorf("%w: consumer too slow", ErrProtocol)
		}
		*last = id
	}
}

// updateOf decodes one event of the stream.
func updateOf(ev sseEvent) (Update, bool) {
	switch ev.Event {
	case "reset":
		return Update{Reset: true}, true
	case "change":
		var w wireChange
		if err := json.Unmarshal([]byte(ev.Data), &w); err != nil {
			return Update{}, false
		}
		t, err := w.Ticket.domain()
		if err != nil {
			return Update{}, false
		}
		id, _ := strconv.ParseUint(ev.ID, 10, 64)
		return Update{Change: Change{ID: id, Action: w.Action, Ticket: t}}, true
	}
	return Update{}, false
}

// send delivers u without blocking; false if the channel is full.
func send(out chan<- Update, u Update) bool {
	select {
	case out <- u:
		return true
	default:
		return false
	}
}
