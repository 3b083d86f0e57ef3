package pcsc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ebfe/scard"
)

// pollInterval bounds each SCardGetStatusChange call in WaitForCard, so that a
// cancelled context is noticed within it and newly plugged readers are found.
const pollInterval = 250 * time.Millisecond

// Context is a connection to the PC/SC service. Close it when done. Its methods must
// not be called from several goroutines at once (PC/SC contexts are not shared).
type Context struct {
	ctx *scard.Context
}

// Open connects to the PC/SC service. When pcscd is not running the error wraps
// ErrNoService, whose message says how to start it.
func Open() (*Context, error) {
	c, err := scard.EstablishContext()
	if err != nil {
		return nil, wrap(opEstablish, err)
	}
	return &Context{ctx: c}, nil
}

// Close releases the context.
func (c *Context) Close() error { return wrap("release context", c.ctx.Release()) }

// Readers lists the connected readers by name; none at all is ErrNoReader.
func (c *Context) Readers() ([]string, error) {
	names, err := c.ctx.ListReaders()
	if err != nil {
		return nil, wrap(opList, err)
	}
	if len(names) == 0 {
		return nil, &Error{Op: opList, Kind: ErrNoReader, Code: scard.ErrNoReadersAvailable}
	}
	return names, nil
}

// WaitForCard waits until a card is present in the named reader, or in any reader
// when reader is "", and returns the reader's name. With no reader connected it
// keeps waiting for one to be plugged in. When ctx ends it returns an error wrapping
// ctx.Err(), and ErrTimeout on a deadline; a named reader that is unplugged while
// waited on gives ErrReaderGone, a named reader that is not there at all ErrNoReader.
func (c *Context) WaitForCard(ctx context.Context, reader string) (string, error) {
	known := map[string]scard.StateFlag{} // last state seen per reader
	seen := false                         // the named reader has been seen
	for {
		if err := ctx.Err(); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return "", fmt.Errorf("pcsc: wait for card: %w (%w)", ErrTimeout, err)
			}
			return "", fmt.Errorf("pcsc: wait for card: %w", err)
		}
		names, err := c.Readers()
		switch {
		case errors.Is(err, ErrNoReader):
			names = nil
		case err != nil:
			return "", err
		}
		if reader != "" {
			if !slices.Contains(names, reader) {
				if seen {
					return "", &Error{Op: opStatus, Kind: ErrReaderGone, Code: scard.ErrReaderUnavailable}
				}
				return "", fmt.Errorf("pcsc: reader %q: %w", reader, ErrNoReader)
			}
			seen = true
			names = []string{reader}
		}
		if len(names) == 0 {
			sleep(ctx, pollInterval) // a cancelled ctx is reported at the top of the loop
			continue
		}
		states := make([]scard.ReaderState, len(names))
		for i, n := range names {
			states[i] = scard.ReaderState{Reader: n, CurrentState: known[n]}
		}
		err = c.ctx.GetStatusChange(states, pollInterval)
		switch e := wrap(opStatus, err); {
		case err == nil:
		case errors.Is(e, ErrTimeout):
			continue
		case errors.Is(e, ErrNoReader), errors.Is(e, ErrReaderGone):
			clear(known) // the list changed under us: look again
			continue
		default:
			return "", e
		}
		for _, s := range states {
			known[s.Reader] = s.EventState &^ scard.StateChanged
			if cardReady(s.EventState) {
				return s.Reader, nil
			}
		}
	}
}

// cardReady reports whether a reader state shows a card that answered the reset and
// that no other application holds exclusively.
func cardReady(s scard.StateFlag) bool {
	return s&scard.StatePresent != 0 && s&(scard.StateMute|scard.StateExclusive) == 0
}

// Connect connects to the card in the reader in shared mode, T=1 or T=0 as the card
// offers.
func (c *Context) Connect(reader string) (*Card, error) {
	card, err := c.ctx.Connect(reader, scard.ShareShared, scard.ProtocolAny)
	if err != nil {
		return nil, wrap(opConnect, err)
	}
	return &Card{card: card, reader: reader}, nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
