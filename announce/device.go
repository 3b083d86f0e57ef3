package announce

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/ebitengine/oto/v3"
)

// deviceReady bounds the wait for the sound system to open: a board must not hang on a
// sound server that does not answer.
const deviceReady = 5 * time.Second

// device is the sound card, through oto (ALSA on Linux).
type device struct{ ctx *oto.Context }

// OpenDevice opens the default sound device for 16-bit mono at rate. oto allows one
// device per process, so call it once. On Linux oto reports a missing device only once
// the device is ready; both ways end in an error here.
func OpenDevice(rate int) (Output, error) {
	quietSoundLibrary()
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate: rate, ChannelCount: 1, Format: oto.FormatSignedInt16LE,
		BufferSize: 100 * time.Millisecond, // latency is no concern; no underruns on a busy board
	})
	if err != nil {
		return nil, fmt.Errorf("open sound device: %w", err)
	}
	select {
	case <-ready:
	case <-time.After(deviceReady):
		return nil, errors.New("open sound device: not ready after 5 s")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open sound device: %w", err)
	}
	return device{ctx: ctx}, nil
}

// Play plays pcm and waits until it has been heard, checking every 20 ms.
func (d device) Play(ctx context.Context, pcm []int16) error {
	b := make([]byte, 2*len(pcm))
	for i, s := range pcm {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	p := d.ctx.NewPlayer(bytes.NewReader(b))
	defer p.Close()
	p.Play()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for p.IsPlaying() {
		select {
		case <-ctx.Done():
			p.Pause()
			return ctx.Err()
		case <-tick.C:
		}
	}
	if err := p.Err(); err != nil {
		return fmt.Errorf("play: %w", err)
	}
	return d.ctx.Err()
}
