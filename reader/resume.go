package reader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// maxReopen bounds how often one read opens the session again: a chip that ends it
// on every command would otherwise keep the reader busy for ever.
const maxReopen = 8

// accessControl is how a session was opened, kept so that it can be opened again
// the same way: PACE with the PACEInfo that ran, or BAC.
type accessControl struct {
	key      AccessKey
	pace     *icao.PACEInfo // nil: BAC
	rnd      io.Reader
	progress func(Progress)
}

// reopen runs the access control that opened the session once more. A chip that
// still holds the old session answers the first plain command 6987 or 6988 and
// forgets it (ICAO 9303-11 §9.8.5), so a refusal with those words is tried twice.
func (a *accessControl) reopen(ctx context.Context, t iso7816.Transmitter) (*icao.Channel, error) {
	var ch *icao.Channel
	var err error
	for range 2 {
		if a.pace == nil {
			ch, err = a.bac(ctx, t)
		} else {
			ch, err = a.paceAgain(ctx, t)
		}
		if !endedSM(err) {
			break
		}
	}
	return ch, err
}

// bac selects the eMRTD application and runs BAC (ICAO 9303-11 §4.3).
func (a *accessControl) bac(ctx context.Context, t iso7816.Transmitter) (*icao.Channel, error) {
	if err := selectApplication(ctx, t, a.progress); err != nil {
		return nil, err
	}
	a.progress(Progress{Step: stepBAC, Total: 1})
	seed, err := icao.BACKeySeed(a.key.DocumentNumber, a.key.BirthDate, a.key.ExpiryDate)
	if err != nil {
		return nil, &StepError{Step: stepBAC, Err: err}
	}
	sm, err := icao.BAC(ctx, t, seed, a.rnd)
	if err != nil {
		return nil, &StepError{Step: stepBAC, Err: err}
	}
	a.progress(Progress{Step: stepBAC, Done: 1, Total: 1})
	return icao.NewChannel(t, sm), nil
}

// paceAgain runs PACE with the PACEInfo that worked before, then selects the
// eMRTD application under the new keys.
func (a *accessControl) paceAgain(ctx context.Context, t iso7816.Transmitter) (*icao.Channel, error) {
	pw, err := pacePassword(a.key)
	if err != nil {
		return nil, &StepError{Step: stepPACE, Err: err}
	}
	a.progress(Progress{Step: stepPACE, Total: 1})
	sm, err := icao.PACE(ctx, t, pw, *a.pace, a.rnd)
	if err != nil {
		return nil, &StepError{Step: stepPACE, Err: err}
	}
	a.progress(Progress{Step: stepPACE, Done: 1, Total: 1})
	ch := icao.NewChannel(t, sm)
	if err := selectApplication(ctx, ch, a.progress); err != nil {
		return nil, err
	}
	return ch, nil
}

// endedSM reports whether err is a refusal for secure-messaging reasons: 6987
// (objects missing) or 6988 (objects incorrect).
func endedSM(err error) bool {
	var ise *iso7816.StatusError
	var cse *icao.StatusError
	switch {
	case errors.As(err, &ise):
		return ise.SW == 0x6987 || ise.SW == 0x6988
	case errors.As(err, &cse):
		return cse.SW == 0x6987 || cse.SW == 0x6988
	}
	return false
}

// resumingChannel is the secure channel of a read. Some chips answer an error in
// plain while secure messaging is open, and so end the session (gmrtd issue #457
// reports a passport that does it on a READ BINARY by short file identifier); the
// error reaches the caller as the chip's status word, and the next command first
// opens a fresh session with the same access control, so the read goes on.
type resumingChannel struct {
	mu      sync.Mutex
	t       iso7816.Transmitter // to the card, below secure messaging
	ch      *icao.Channel
	ac      *accessControl
	reopens int
}

// Transmit sends command under secure messaging, opening the session again first
// when the chip has ended it.
func (r *resumingChannel) Transmit(ctx context.Context, command []byte) ([]byte, error) {
	ch, err := r.channel(ctx)
	if err != nil {
		return nil, err
	}
	return ch.Transmit(ctx, command)
}

// channel returns an open channel, opening a new session when the chip ended the last.
func (r *resumingChannel) channel(ctx context.Context) (*icao.Channel, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.ch.Ended() {
		return r.ch, nil
	}
	if r.reopens++; r.reopens > maxReopen {
		return nil, fmt.Errorf("%w: the chip ended secure messaging %d times", ErrBadCard, r.reopens)
	}
	ch, err := r.ac.reopen(ctx, r.t)
	if err != nil {
		return nil, fmt.Errorf("open the session again after the chip ended it: %w", err)
	}
	r.ch = ch
	return ch, nil
}

// nextSession numbers the session the next command will be sent in: one more than
// the current when the chip has ended it.
func (r *resumingChannel) nextSession() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.reopens
	if r.ch.Ended() {
		n++
	}
	return n
}

// Cipher is the cipher of the current session.
func (r *resumingChannel) Cipher() icao.Cipher {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ch.Cipher()
}

var _ iso7816.Transmitter = (*resumingChannel)(nil)
