package vchip

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

func TestBACReadsEveryFile(t *testing.T) {
	for _, chunk := range []int{231, 128, 4096} {
		c := newChip(t, nil)
		ch := bacChannel(t, c)
		for _, fid := range []lds.File{lds.COM, lds.DG1, lds.DG2, lds.DG11, lds.SOD} {
			if got, want := readFile(t, ch, uint16(fid), chunk), fileData(t, c, uint16(fid)); !bytes.Equal(got, want) {
				t.Errorf("chunk %d: %v read %d bytes, want the %d of the file", chunk, fid, len(got), len(want))
			}
		}
	}
}

func TestBACWrongKeyThenRightKey(t *testing.T) {
	c := newChip(t, nil)
	send(t, c, selectApp)
	wrong, err := icao.BACKeySeed(specimenDoc, specimenBirth, "940624")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := icao.BAC(context.Background(), c, wrong, rand.Reader); !errors.Is(err, icao.ErrAccessDenied) {
		t.Fatalf("BAC with a wrong expiry date: %v, want ErrAccessDenied", err)
	}
	if r := send(t, c, []byte{0x00, 0xB0, 0x81, 0x00, 0x04}); r.SW != iso7816.SWSecurityNotSatisfied {
		t.Errorf("read DG1 after failed BAC: %04X, want 6982", r.SW)
	}
	ch := bacChannel(t, c)
	if got := readFile(t, ch, uint16(lds.DG1), 231); !bytes.Equal(got, fileData(t, c, uint16(lds.DG1))) {
		t.Error("DG1 read after the right key differs from the file")
	}
}

func TestBACExternalAuthenticateWithoutChallenge(t *testing.T) {
	c := newChip(t, nil)
	send(t, c, selectApp)
	r := send(t, c, cmd(t, iso7816.Command{Ins: 0x82, Data: make([]byte, 40), Ne: 40}))
	if r.SW != iso7816.SWWarningNoInfo {
		t.Errorf("EXTERNAL AUTHENTICATE with no challenge: %04X, want 6300", r.SW)
	}
}

func TestPACEOnlyChipRefusesBAC(t *testing.T) {
	c := newChip(t, func(c *Config) { c.Protocol = "pace" })
	if r := send(t, c, []byte{0x00, 0x84, 0x00, 0x00, 0x08}); r.SW != iso7816.SWInsNotSupported {
		t.Errorf("GET CHALLENGE on a PACE-only chip: %04X, want 6D00", r.SW)
	}
}

// Under 3DES secure messaging a short response carries at most 231 plaintext bytes.
func TestSecureMessagingShortResponseLimit(t *testing.T) {
	c := newChip(t, nil)
	ch := bacChannel(t, c)
	send(t, ch, selectEF(uint16(lds.DG2)))
	if r := send(t, ch, readBinary(0, 231)); !r.OK() || len(r.Data) != 231 {
		t.Errorf("Le 231 under 3DES SM: %04X with %d bytes", r.SW, len(r.Data))
	}
	if r := send(t, ch, readBinary(0, 232)); r.SW != iso7816.SWWrongLength {
		t.Errorf("Le 232 under 3DES SM: %04X, want 6700 (the answer cannot fit 256 bytes)", r.SW)
	}
	// The refusal is protected: the channel goes on.
	if r := send(t, ch, readBinary(0, 16)); !r.OK() {
		t.Errorf("read after a refused Le: %04X", r.SW)
	}
}

func TestSecureMessagingNoExtended(t *testing.T) {
	c := newChip(t, func(c *Config) { c.NoExtended = true })
	ch := bacChannel(t, c)
	send(t, ch, selectEF(uint16(lds.DG2)))
	if r := send(t, ch, readBinary(0, 1000)); r.SW != iso7816.SWWrongLength {
		t.Errorf("extended read on a chip without extended length: %04X, want 6700", r.SW)
	}
	if r := send(t, ch, readBinary(0, 200)); !r.OK() || len(r.Data) != 200 {
		t.Errorf("short read after the refusal: %04X with %d bytes", r.SW, len(r.Data))
	}
}

func TestSecureMessagingErrorsDropTheChannel(t *testing.T) {
	t.Run("plain command", func(t *testing.T) {
		c := newChip(t, nil)
		ch := bacChannel(t, c)
		if r := send(t, c, selectEF(uint16(lds.DG1))); r.SW != 0x6987 {
			t.Errorf("plain SELECT under SM: %04X, want 6987", r.SW)
		}
		if r := send(t, c, []byte{0x00, 0xB0, 0x81, 0x00, 0x04}); r.SW != iso7816.SWSecurityNotSatisfied {
			t.Errorf("plain read after the SM error: %04X, want 6982 (channel dropped)", r.SW)
		}
		if r := send(t, ch, selectEF(uint16(lds.DG1))); r.SW != iso7816.SWSMObjectsIncorrect {
			t.Errorf("protected SELECT after the chip dropped the channel: %04X, want plain 6988", r.SW)
		}
	})
	t.Run("bad checksum", func(t *testing.T) {
		c := newChip(t, nil)
		tamper := &macTamperer{inner: c}
		ch := icao.NewChannel(tamper, bacSession(t, c))
		if r := send(t, ch, selectEF(uint16(lds.DG1))); r.SW != iso7816.SWSMObjectsIncorrect {
			t.Errorf("SELECT with a corrupted MAC: %04X, want 6988", r.SW)
		}
		if !bytes.Equal(tamper.last, []byte{0x69, 0x88}) {
			t.Errorf("answer to a corrupted MAC: % X, want plain 69 88", tamper.last)
		}
		if r := send(t, c, []byte{0x00, 0xB0, 0x81, 0x00, 0x04}); r.SW != iso7816.SWSecurityNotSatisfied {
			t.Errorf("plain read after the SM error: %04X, want 6982 (channel dropped)", r.SW)
		}
	})
}

// macTamperer flips the last byte of the checksum of every protected command
// (... 8E 08 cc cc cc cc cc cc cc cc Le) and keeps the last raw answer.
type macTamperer struct {
	inner iso7816.Transmitter
	last  []byte
}

func (m *macTamperer) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	apdu = bytes.Clone(apdu)
	apdu[len(apdu)-2] ^= 0x01
	resp, err := m.inner.Transmit(ctx, apdu)
	m.last = resp
	return resp, err
}

func TestCorruptMAC(t *testing.T) {
	c := newChip(t, func(c *Config) { c.CorruptMAC = true })
	ch := bacChannel(t, c)
	_, err := ch.Transmit(context.Background(), selectEF(uint16(lds.DG1)))
	if !errors.Is(err, icao.ErrMAC) {
		t.Errorf("answer with a corrupted MAC: %v, want icao.ErrMAC", err)
	}
}

func TestResetDropsTheChannel(t *testing.T) {
	c := newChip(t, nil)
	ch := bacChannel(t, c)
	c.Reset()
	if r := send(t, ch, selectApp); r.SW != iso7816.SWSMObjectsIncorrect {
		t.Errorf("protected SELECT after a power cycle: %04X, want plain 6988", r.SW)
	}
}
