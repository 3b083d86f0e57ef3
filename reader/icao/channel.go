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
}

// NewChannel makes a Channel over inner with the session sm (from BAC or PACE).
func NewChannel(inner iso7816.Transmitter, sm *SecureMessaging) *Channel {
	return &Channel{inner: inner, sm: sm}
}

// Cipher is the cipher of the session, which decides how much data fits a short
// response (223 bytes for AES, 231 for 3DES).
func (c *Channel) Cipher() Cipher { return c.sm.Cipher() }

// Transmit wraps command, sends it, and returns the unwrapped response (data then
// SW1 SW2). A response that fails verification gives ErrMAC or ErrSMObjects.
func (c *Channel) Transmit(ctx context.Context, command []byte) ([]byte, error) {
	cmd, err := iso7816.ParseCommand(command)
	if err != nil {
		return nil, fmt.Errorf("secure channel: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
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
	return resp.Bytes(), nil
}

var _ iso7816.Transmitter = (*Channel)(nil)
