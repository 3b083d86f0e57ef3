package announce

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// recordingOutput keeps what it was given to play.
type recordingOutput struct {
	mu     sync.Mutex
	played [][]int16
	got    chan struct{} // one token per Play
	hold   chan struct{} // if not nil, Play waits for it or for ctx
}

func newRecordingOutput() *recordingOutput { return &recordingOutput{got: make(chan struct{}, 100)} }

func (r *recordingOutput) Play(ctx context.Context, pcm []int16) error {
	r.mu.Lock()
	r.played = append(r.played, pcm)
	r.mu.Unlock()
	r.got <- struct{}{}
	if r.hold != nil {
		select {
		case <-r.hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (r *recordingOutput) wait(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-r.got:
		case <-time.After(30 * time.Second):
			t.Fatal("nothing played")
		}
	}
}

// TestPlayerPlaysCallsInOrder: each call is mixed from its script and played once, in the
// order the board announced them.
func TestPlayerPlaysCallsInOrder(t *testing.T) {
	out := newRecordingOutput()
	var openedAt int
	p, err := NewPlayer(ModeSpeech, func(rate int) (Output, error) { openedAt = rate; return out, nil })
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.Announce("A042", "3")
	p.Announce("B001", "1")
	out.wait(t, 2)
	lib, _ := LoadClips()
	for i, c := range [][2]string{{"A042", "3"}, {"B001", "1"}} {
		want, _ := lib.Mix(Script(ModeSpeech, c[0], c[1]))
		out.mu.Lock()
		got := out.played[i]
		out.mu.Unlock()
		if !slices.Equal(got, want) {
			t.Errorf("call %d (%s at %s): played %d samples, not its script", i, c[0], c[1], len(got))
		}
	}
	if openedAt != lib.Rate() {
		t.Errorf("output opened at %d, clips are %d", openedAt, lib.Rate())
	}
}

// TestPlayerWithoutDevice: when the output cannot be opened, announcing neither blocks nor
// fails, and Close returns.
func TestPlayerWithoutDevice(t *testing.T) {
	p, err := NewPlayer(ModeChime, func(int) (Output, error) { return nil, errors.New("no card") })
	if err != nil {
		t.Fatal(err)
	}
	for range 3 * queueLen {
		p.Announce("A001", "1")
	}
	p.Close()
	p.Close() // twice is fine
}

// TestPlayerQueueFull: while a call plays, Announce returns at once even when the queue is
// full, and Close stops the playing call.
func TestPlayerQueueFull(t *testing.T) {
	out := newRecordingOutput()
	out.hold = make(chan struct{})
	p, err := NewPlayer(ModeChime, func(int) (Output, error) { return out, nil })
	if err != nil {
		t.Fatal(err)
	}
	p.Announce("A001", "1")
	out.wait(t, 1)
	done := make(chan struct{})
	go func() {
		for range 3 * queueLen {
			p.Announce("A002", "1")
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Announce blocked on a full queue")
	}
	p.Close()
}
