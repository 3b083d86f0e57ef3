package reader

import (
	"context"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// TestReadChipEndsSession reads chips that answer errors in plain under secure
// messaging, which ends the session (gmrtd issue #457). Before the reader opened the
// session again, the refused READ BINARY by short file identifier turned into
// "SELECT EF.COM: 6988"; now every file is read and the chip still proves itself.
func TestReadChipEndsSession(t *testing.T) {
	for _, tt := range []struct {
		name     string
		chip     func(*vchip.Config)
		protocol string
	}{
		{"PACE, no SFI", func(c *vchip.Config) { c.PlainErrors, c.NoSFI = true, true }, "PACE"},
		{"BAC, no SFI", func(c *vchip.Config) { c.Protocol, c.PlainErrors, c.NoSFI = "bac", true, true }, "BAC"},
		{"PACE 3DES, no SFI", func(c *vchip.Config) { c.Cipher, c.PlainErrors, c.NoSFI = "3des", true, true }, "PACE"},
		{"PACE, no extended length, trying", func(c *vchip.Config) { c.PlainErrors, c.NoExtended, c.NoATRInfo = true, true, true }, "PACE"},
		{"BAC, Le capped", func(c *vchip.Config) {
			c.Protocol, c.PlainErrors, c.NoExtended, c.NoATRInfo, c.MaxLe = "bac", true, true, true, 128
		}, "BAC"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var steps []string
			opts := Options{Progress: func(p Progress) {
				if p.Done == 0 && (p.Step == stepPACE || p.Step == stepBAC) {
					steps = append(steps, p.Step)
				}
			}}
			doc, err := Read(context.Background(), newChip(t, tt.chip), specimenKey, opts)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if doc.Protocol != tt.protocol || doc.MRZ.DocumentNumber != "L898902C" || doc.Photo == nil || len(doc.SOD) == 0 {
				t.Errorf("protocol %s, MRZ %q, photo %v, SOD %d bytes", doc.Protocol, doc.MRZ.DocumentNumber,
					doc.Photo != nil, len(doc.SOD))
			}
			if len(steps) < 2 {
				t.Errorf("access control ran %d times; the chip ended the session, so it must run again", len(steps))
			}
			if a := doc.Authenticity; a == nil || a.Active.Status != auth.Passed || a.Chip.Status != auth.Passed {
				t.Errorf("authenticity %+v", a)
			}
			t.Logf("%d APDUs, access control %v", doc.APDUs, steps)
		})
	}
}

// plainSFIRefusal forwards every command to the chip but answers READ BINARY by
// short file identifier under secure messaging with a plain 6A82, while the chip
// keeps its session: as vicc does, an answer in plain that leaves the two sides
// disagreeing on whether the session is open.
type plainSFIRefusal struct{ chip *vchip.Chip }

func (p plainSFIRefusal) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	rsp, err := p.chip.Transmit(ctx, apdu)
	if err == nil && len(apdu) > 2 && apdu[0]&0x0C == 0x0C && apdu[1] == 0xB0 && apdu[2]&0x80 != 0 {
		return []byte{0x6A, 0x82}, nil
	}
	return rsp, err
}

// TestReadChipKeepsSessionAfterPlainError: the reader's first plain command of the
// new PACE or BAC meets a chip still in the old session, which answers 6987 or 6988
// and ends it; the reader runs the protocol once more and the read succeeds.
func TestReadChipKeepsSessionAfterPlainError(t *testing.T) {
	for _, protocol := range []string{"pace", "bac"} {
		t.Run(protocol, func(t *testing.T) {
			chip := newChip(t, func(c *vchip.Config) { c.Protocol = protocol })
			doc, err := Read(context.Background(), plainSFIRefusal{chip}, specimenKey, Options{})
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if doc.Photo == nil || len(doc.SOD) == 0 || doc.Authenticity.Chip.Status != auth.Passed {
				t.Errorf("photo %v, SOD %d bytes, chip authentication %s", doc.Photo != nil, len(doc.SOD),
					doc.Authenticity.Chip.Status)
			}
		})
	}
}
