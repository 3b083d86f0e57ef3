package announce

import (
	"context"
	"log/slog"
	"sync"
)

// Output plays sound: 16-bit signed mono samples at the rate it was opened with.
type Output interface {
	// Play returns when pcm has been played, or early with ctx's error once ctx is done.
	Play(ctx context.Context, pcm []int16) error
}

// Opener opens an Output at rate samples per second; OpenDevice opens the sound device.
type Opener func(rate int) (Output, error)

// queueLen is how many calls may wait to be heard. A call takes about four seconds to
// announce in two languages; counters rarely call more than a few at once, and past this
// the board shows the numbers anyway.
const queueLen = 8

// Player announces calls one after another on its own goroutine, so a board never waits
// for the sound. Its zero value is not usable; make one with NewPlayer.
type Player struct {
	lib   *Library
	mode  Mode
	calls chan [2]string // ticket, counter

	ctx       context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// NewPlayer loads the clips and starts playing through the Output open makes. It opens
// the output at once, off the caller's goroutine: if that fails (no sound device), the
// player logs it once and stays silent, and the board goes on.
func NewPlayer(mode Mode, open Opener) (*Player, error) {
	lib, err := LoadClips()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Player{lib: lib, mode: mode, calls: make(chan [2]string, queueLen), ctx: ctx, cancel: cancel, done: make(chan struct{})}
	go p.run(open)
	return p, nil
}

// Announce queues a call to be heard. It never blocks: with the queue full the call is
// left unheard (and logged), since the board shows it anyway.
func (p *Player) Announce(ticket, counter string) {
	select {
	case p.calls <- [2]string{ticket, counter}:
	default:
		slog.Warn("announce: too many calls waiting to be heard; this one is only shown", "ticket", ticket)
	}
}

// Close stops the sound, drops the calls still waiting, and waits for the player to end.
func (p *Player) Close() {
	p.closeOnce.Do(p.cancel)
	<-p.done
}

func (p *Player) run(open Opener) {
	defer close(p.done)
	out, err := open(p.lib.Rate())
	if err != nil {
		slog.Warn("announce: no sound device; the board goes on without sound", "err", err)
	}
	failing := false // the last Play failed; logged once per run of failures
	for {
		select {
		case <-p.ctx.Done():
			return
		case c := <-p.calls:
			if out == nil {
				continue
			}
			pcm, err := p.lib.Mix(Script(p.mode, c[0], c[1]))
			if err != nil {
				slog.Error("announce: mix a call", "ticket", c[0], "err", err)
				continue
			}
			err = out.Play(p.ctx, pcm)
			switch {
			case err != nil && p.ctx.Err() == nil && !failing:
				slog.Warn("announce: play a call", "ticket", c[0], "err", err)
				failing = true
			case err == nil && failing:
				slog.Info("announce: playing again")
				failing = false
			}
		}
	}
}
