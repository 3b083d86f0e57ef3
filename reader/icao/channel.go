package icao

import (
	"context"
	"fmt"
	"sync"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// Channel is an iso7816.Transmitter that protects every command with secure
// messaging before handing it to an inner Transmitter, and verifies and decrypts
// every response. Callers send and receive plain APDUs. It is safe for concurrent
// use; APDUs are serialised because they share one send sequence counter.
type Channel struct {
	mu    sync.Mutex
	inner iso7816.Transmitter
	sm    *SecureMessaging
	ended bool // the chip answered in plain: the session is over (ErrSessionEnded)
}

// NewChannel makes a Channel over inner with the session sm (from BAC or PACE).
func NewChannel(inner iso7816.Transmitter, sm *SecureMessaging) *Channel {
	return &Channel{inner: inner, sm: sm}
}

// Cipher is the cipher of the session, which decides how much data fits a short
// response (223 bytes for AES, 231 for 3DES).
func (c *Channel) Cipher() Cipher { return c.sm.Cipher() }

// Ended reports whether the chip has ended the session by answering in plain; the
// Channel then sends nothing more.
func (c *Channel) Ended() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended
}

// Transmit wraps command, sends it, and returns the unwrapped response (data then
// SW1 SW2). A response that fails verification gives ErrMAC or ErrSMObjects. An
// error status answered in plain is returned as it is, and ends the session: later
// calls give ErrSessionEnded without sending anything.
func (c *Channel) Transmit(ctx context.Context, command []byte) ([]byte, error) {
	cmd, err := iso7816.ParseCommand(command)
	if err != nil {
		return nil, fmt.Errorf("secure channel: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return nil, fmt.Errorf("secure channel: %02X: %w", cmd.Ins, ErrSessionEnded)
	}
	wrapped, err := c.sm.WrapCommand(cmd)
	if err != nil {
		return nil, fmt.Errorf("secure channel: %w", err)
	}
	raw, err := wrapped.Bytes()
	if err != nil {
		return nil, fmt.Errorf("secure channel: encode %02X: %w", cmd.Ins, err)
	}
	answer, err := c.inner.Transmit(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("secure channel: transmit %02X: %w", cmd.Ins, err)
	}
	resp, err := c.sm.UnwrapResponse(answer)
	if err != nil {
		return nil, fmt.Errorf("secure channel: answer to %02X: %w", cmd.Ins, err)
	}
	// A bare status word (UnwrapResponse refuses a bare 9000): real passports answer
	// errors this way and forget the session keys (gmrtd issue #457), so counting the
	// SSC on would only turn the next command into 6987 or 6988.
	if len(answer) == 2 {
		c.ended = true
	}
	return resp.Bytes(), nil
}

var _ iso7816.Transmitter = (*Channel)(nil)
