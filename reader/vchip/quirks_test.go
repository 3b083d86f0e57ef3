package vchip

import (
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// sfiRead is READ BINARY of 8 bytes of DG1 by its short file identifier.
var sfiRead = []byte{0x00, 0xB0, 0x81, 0x00, 0x08}

// TestNoSFI: the chip refuses READ BINARY by short file identifier and serves the
// same file after SELECT.
func TestNoSFI(t *testing.T) {
	c := newChip(t, func(c *Config) { c.NoSFI = true })
	ch := bacChannel(t, c)
	if r := send(t, ch, sfiRead); r.SW != swIncorrectP1P2 {
		t.Errorf("READ BINARY by SFI answered %04X, want 6A86", r.SW)
	}
	if r := send(t, ch, selectEF(0x0101)); !r.OK() {
		t.Fatalf("SELECT DG1 after the refusal: %04X (the session must survive a protected refusal)", r.SW)
	}
	if r := send(t, ch, readBinary(0, 8)); !r.OK() || len(r.Data) != 8 {
		t.Errorf("READ BINARY after SELECT: %04X, %d bytes", r.SW, len(r.Data))
	}
}

// TestPlainErrors: with PlainErrors an error under secure messaging comes back as a
// bare status word and the chip forgets the session, so the next protected command
// fails and only a new BAC opens the files again.
func TestPlainErrors(t *testing.T) {
	c := newChip(t, func(c *Config) { c.NoSFI, c.PlainErrors = true, true })
	sm := bacSession(t, c)
	wrapped, err := sm.WrapCommand(iso7816.Command{Ins: 0xB0, P1: 0x81, Ne: 8})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := c.Transmit(t.Context(), cmd(t, wrapped))
	if err != nil || len(raw) != 2 || raw[0] != 0x6A || raw[1] != 0x86 {
		t.Fatalf("refusal answered % X, %v; want a plain 6A86", raw, err)
	}
	ch := icao.NewChannel(c, sm)
	if r := send(t, ch, selectEF(0x0101)); r.SW != iso7816.SWSMObjectsIncorrect && r.SW != swSMObjectsMissing {
		t.Errorf("SELECT in the ended session answered %04X, want 6987 or 6988", r.SW)
	}
	ch = bacChannel(t, c)
	if r := send(t, ch, selectEF(0x0101)); !r.OK() {
		t.Errorf("SELECT after BAC again: %04X", r.SW)
	}
	if _, err := ch.Transmit(t.Context(), sfiRead); err != nil || !ch.Ended() {
		t.Errorf("the channel did not see the plain refusal end the session: %v", err)
	}
	if _, err := ch.Transmit(t.Context(), selectEF(0x0101)); !errors.Is(err, icao.ErrSessionEnded) {
		t.Errorf("a command after the session ended: %v, want icao.ErrSessionEnded", err)
	}
}
