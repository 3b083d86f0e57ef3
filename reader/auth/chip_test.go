package auth_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// smChip is a chip reduced to what active and chip authentication need: secure
// messaging on every command, INTERNAL AUTHENTICATE, chip authentication, and SELECT
// of the eMRTD application.
type smChip struct {
	sm      *icao.SecureMessaging
	aa      *auth.ActiveAuthCard
	ca      *auth.ChipAuthCard
	corrupt bool // flip a bit of every signature (a chip without the DG15 key)
}

func (c *smChip) Transmit(_ context.Context, raw []byte) ([]byte, error) {
	if c.sm == nil {
		return []byte{0x69, 0x88}, nil
	}
	cmd, err := c.sm.UnwrapCommand(raw)
	if err != nil {
		c.sm = nil
		return []byte{0x69, 0x88}, nil
	}
	var resp iso7816.Response
	var next *icao.SecureMessaging
	switch cmd.Ins {
	case 0x88:
		resp = c.aa.Handle(cmd)
		if c.corrupt && len(resp.Data) > 0 {
			resp.Data[len(resp.Data)/2] ^= 0x10
		}
	case 0x22, 0x86:
		if c.ca == nil {
			resp = iso7816.Response{SW: iso7816.SWInsNotSupported}
			break
		}
		if resp, next, err = c.ca.Handle(cmd); err != nil {
			return nil, err
		}
	case 0xA4:
		resp = iso7816.Response{SW: iso7816.SWOK}
		if !bytes.Equal(cmd.Data, []byte{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01}) {
			resp.SW = 0x6A82
		}
	default:
		resp = iso7816.Response{SW: iso7816.SWInsNotSupported}
	}
	out, err := c.sm.WrapResponse(resp)
	if next != nil {
		c.sm = next // the answer went out under the old keys
	}
	return out, err
}

// newSession makes the matching terminal and chip ends of a secure channel.
func newSession(t testing.TB, c icao.Cipher) (term, card *icao.SecureMessaging) {
	t.Helper()
	key := make([]byte, c.KeySize())
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	ssc := make([]byte, c.BlockSize())
	var err error
	if term, err = icao.NewSecureMessaging(c, key, key, ssc); err != nil {
		t.Fatal(err)
	}
	if card, err = icao.NewSecureMessaging(c, key, key, ssc); err != nil {
		t.Fatal(err)
	}
	return term, card
}
