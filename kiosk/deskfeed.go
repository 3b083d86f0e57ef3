package kiosk

import (
	"context"
	"errors"

	"github.com/citizenkiosk/citizenkiosk/site"
)

// ChangeFeed is a desk that tells of changes as they happen, as site.Client does. The
// counter and the board read again at once on each update instead of waiting for their
// next poll; when the desk goes, the update says so, and the read that follows fails.
type ChangeFeed interface {
	Changes(ctx context.Context) <-chan site.Update
}

// follow returns the desk's updates, and what ends them. A desk without a feed gives a nil
// channel, which never delivers: the screen polls only.
func follow(desk any) (<-chan site.Update, context.CancelFunc) {
	f, ok := desk.(ChangeFeed)
	if !ok {
		return nil, func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return f.Changes(ctx), cancel
}

// drain takes the updates already waiting, so that a burst of changes costs one read.
// It returns false once the feed has closed.
func drain(news <-chan site.Update) bool {
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
func unreachable(err error) bool { return errors.Is(err, site.ErrDeskUnreachable) }
