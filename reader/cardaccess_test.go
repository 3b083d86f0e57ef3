package reader

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// hiddenCardAccess is a man in the middle that answers "file not found" for
// EF.CardAccess, by SELECT or by short file identifier, so that the reader sees no
// PACE and runs BAC.
type hiddenCardAccess struct{ chip *vchip.Chip }

func (h hiddenCardAccess) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	selectCA := len(apdu) >= 7 && apdu[1] == 0xA4 && bytes.Equal(apdu[5:7], []byte{0x01, 0x1C})
	if apdu[0]&0x0C == 0 && (selectCA || len(apdu) >= 4 && apdu[1] == 0xB0 && apdu[2] == 0x9C) {
		return []byte{0x6A, 0x82}, nil
	}
	return h.chip.Transmit(ctx, apdu)
}

// TestReadCardAccessCheck: EF.CardAccess is compared with the PACEInfo DG14 signs
// (ICAO 9303-11 §9.2). A genuine chip passes; an altered EF.CardAccess, or one
// hidden so that BAC runs instead of PACE, makes the document not genuine even
// though every other check passes.
func TestReadCardAccessCheck(t *testing.T) {
	pki, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	trust := &auth.TrustStore{}
	if err := trust.AddBytes(pki.CSCAPEM()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		chip     func(*vchip.Config)
		hide     bool
		protocol string
		status   auth.CheckStatus
		overall  auth.Overall
	}{
		{"genuine PACE", nil, false, "PACE", auth.Passed, auth.Genuine},
		{"genuine BAC-only chip", func(c *vchip.Config) { c.Protocol = "bac" }, false, "BAC", auth.NotSupported, auth.Genuine},
		{"altered to 3DES", func(c *vchip.Config) { c.AlterCardAccess = true }, false, "PACE", auth.Failed, auth.NotGenuine},
		{"altered to AES", func(c *vchip.Config) { c.Cipher, c.AlterCardAccess = "3des", true }, false, "PACE", auth.Failed, auth.NotGenuine},
		{"hidden, BAC run", nil, true, "BAC", auth.Failed, auth.NotGenuine},
	} {
		t.Run(tt.name, func(t *testing.T) {
			chip := newChip(t, func(c *vchip.Config) {
				c.PKI = pki
				if tt.chip != nil {
					tt.chip(c)
				}
			})
			var card iso7816.Transmitter = chip
			if tt.hide {
				card = hiddenCardAccess{chip}
			}
			doc, err := Read(context.Background(), card, specimenKey, Options{Trust: trust})
			if err != nil {
				t.Fatal(err)
			}
			v := doc.Authenticity
			if doc.Protocol != tt.protocol || v.CardAccess.Status != tt.status || v.Overall != tt.overall {
				t.Errorf("%s: card access %s (%s), overall %s; want %s, %s, %s", doc.Protocol, v.CardAccess.Status,
					v.CardAccess.Reason, v.Overall, tt.protocol, tt.status, tt.overall)
			}
			if tt.status == auth.Failed && !errors.Is(v.CardAccess.Err, auth.ErrCardAccessMismatch) {
				t.Errorf("reason %v, want auth.ErrCardAccessMismatch", v.CardAccess.Err)
			}
			if v.Passive.Status != auth.PassiveValid || v.Active.Status != auth.Passed || v.Chip.Status != auth.Passed {
				t.Errorf("the other checks must pass: %+v", v)
			}
		})
	}
}
