package kiosk

import (
	"context"
	"errors"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// ChangeFeed is a desk that tells of changes as they happen, as site.Client does: a value
// on the channel whenever its state may have changed, or it went away or came back. The
// counter and the board read again at once on each instead of waiting for their next poll;
// when the desk goes, the read that follows fails and says so.
type ChangeFeed interface {
	Changed(ctx context.Context) <-chan struct{}
}

// follow returns the desk's notifications, and what ends them. A desk without a feed gives
// a nil channel, which never delivers: the screen polls only.
func follow(desk any) (<-chan struct{}, context.CancelFunc) {
	f, ok := desk.(ChangeFeed)
	if !ok {
		return nil, func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return f.Changed(ctx), cancel
}

// drain takes the notifications already waiting, so that a burst of changes costs one
// read. It returns false once the feed has closed.
func drain(news <-chan struct{}) bool {
	for {
		select {
		case _, ok := <-news:
			if !ok {
				return false
			}
		default:
			return true
		}
	}
}

// unreachable reports whether err means the desk did not answer, rather than refused.
func unreachable(err error) bool { return errors.Is(err, booking.ErrDeskUnreachable) }
