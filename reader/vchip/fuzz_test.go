package vchip

import (
	"context"
	"io"
	"net"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// FuzzTransmit sends random command APDUs to a chip before and after access control:
// the chip must never panic, and must answer every command with at least a status word
// (or ErrCardRemoved once its byte budget is spent).
func FuzzTransmit(f *testing.F) {
	for _, seed := range [][]byte{
		selectApp, selectMF, selectEF(0x011C), selectEF(0x0101), readBinary(0, 0xDF), readBinary(0, 65536),
		{0x00, 0xB0, 0x82, 0x10, 0x00}, {0x00, 0x84, 0x00, 0x00, 0x08}, {0x00, 0x82, 0x00, 0x00, 0x28},
		{0x00, 0x22, 0xC1, 0xA4, 0x0F, 0x80, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02, 0x83, 0x01, 0x01},
		{0x10, 0x86, 0x00, 0x00, 0x02, 0x7C, 0x00, 0x00}, {0x0C, 0xB0, 0x00, 0x00, 0x00}, {0xFF, 0xCA, 0x00, 0x00, 0x00},
		{0x0C, 0xA4, 0x02, 0x0C, 0x15, 0x87, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x8E, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0x00},
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	plain := newChip(f, func(c *Config) { c.DropAfterBytes = 50000 })
	authed := newChip(f, func(c *Config) { c.MaxLe = 200 })
	f.Fuzz(func(t *testing.T, apdu []byte, authenticated bool) {
		c := plain
		if authenticated {
			c = authed
			c.Reset()
			_ = icao.NewChannel(c, bacSession(t, c)) // the fuzzed APDU meets an open channel
		}
		for range 2 { // twice: the first may have changed the session state
			raw, err := c.Transmit(context.Background(), apdu)
			if isRemoved(err) {
				return
			}
			if err != nil {
				t.Fatalf("Transmit(% X): %v", apdu, err)
			}
			if _, err := iso7816.ParseResponse(raw); err != nil {
				t.Fatalf("Transmit(% X) = % X: %v", apdu, raw, err)
			}
		}
	})
}

// FuzzServeVPCD feeds a random byte stream to the vpcd side of the chip, as a broken or
// hostile driver could: the chip must not panic, and must stop when the stream ends.
func FuzzServeVPCD(f *testing.F) {
	f.Add([]byte{0x00, 0x01, 0x01, 0x00, 0x01, 0x04, 0x00, 0x05, 0x00, 0xB0, 0x00, 0x00, 0x00})
	f.Add([]byte{0x00, 0x01, 0x07})
	f.Add([]byte{0x00, 0x00, 0x00, 0x01, 0x02, 0xFF})
	c := newChip(f, func(c *Config) { c.Unprotected = true })
	f.Fuzz(func(t *testing.T, stream []byte) {
		driver, card := net.Pipe()
		done := make(chan error, 1)
		go func() {
			err := c.serve(card)
			card.Close() // unblocks a driver still writing
			done <- err
		}()
		go func() { _, _ = io.Copy(io.Discard, driver) }() // the chip's answers
		_, _ = driver.Write(stream)
		driver.Close()
		if err := <-done; err == nil {
			t.Fatal("serve returned nil after the stream ended")
		}
	})
}
