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
