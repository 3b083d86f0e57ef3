package auth_test

import (
	"context"
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

var (
	oidP256            = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
	oidBrainpoolP256r1 = asn1.ObjectIdentifier{1, 3, 36, 3, 3, 2, 8, 1, 1, 7}
	oidBrainpoolP384r1 = asn1.ObjectIdentifier{1, 3, 36, 3, 3, 2, 8, 1, 1, 11}
)

func TestChipAuthenticate(t *testing.T) {
	tests := []struct {
		name    string
		curve   asn1.ObjectIdentifier
		session icao.Cipher // the BAC or PACE session before
		cipher  icao.Cipher // the chip authentication session after
		other   bool        // DG14 holds another key than the chip
		want    auth.CheckStatus
	}{
		{"P-256 AES-128 after PACE", oidP256, icao.AES128, icao.AES128, false, auth.Passed},
		{"brainpoolP256r1 3DES after BAC", oidBrainpoolP256r1, icao.TripleDES, icao.TripleDES, false, auth.Passed},
		{"brainpoolP384r1 AES-256", oidBrainpoolP384r1, icao.AES128, icao.AES256, false, auth.Passed},
		{"clone: DG14 key not the chip's (AES)", oidP256, icao.AES128, icao.AES128, true, auth.Failed},
		{"clone: DG14 key not the chip's (3DES)", oidBrainpoolP256r1, icao.TripleDES, icao.TripleDES, true, auth.Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card, err := auth.NewChipAuthCard(tt.curve, tt.cipher, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			inDG14 := card
			if tt.other {
				if inDG14, err = auth.NewChipAuthCard(tt.curve, tt.cipher, rand.Reader); err != nil {
					t.Fatal(err)
				}
			}
			dg14, err := auth.EncodeDG14(inDG14, 0)
			if err != nil {
				t.Fatal(err)
			}
			term, cardSM := newSession(t, tt.session)
			chip := &smChip{sm: cardSM, ca: card}
			next, r := auth.ChipAuthenticate(context.Background(), icao.NewChannel(chip, term), chip, dg14, rand.Reader)
			if r.Status != tt.want {
				t.Fatalf("status %s, want %s (%s)", r.Status, tt.want, r.Reason)
			}
			if r.Status != auth.Passed {
				if next != nil || r.Reason == "" {
					t.Errorf("failed with channel %v, reason %q", next, r.Reason)
				}
				return
			}
			if next.Cipher() != tt.cipher {
				t.Errorf("new channel uses %v, want %v", next.Cipher(), tt.cipher)
			}
			// The channel keeps working under the new keys.
			resp, err := iso7816.Exchange(context.Background(), next,
				iso7816.Command{Ins: 0xA4, P1: 4, P2: 0x0C, Data: []byte{0xA0, 0, 0, 2, 0x47, 0x10, 1}})
			if err != nil || !resp.OK() {
				t.Errorf("SELECT after chip authentication: %v %04X", err, resp.SW)
			}
		})
	}
}

func TestChipAuthenticateNotSupported(t *testing.T) {
	tests := []struct {
		name    string
		dg14    []byte
		want    auth.CheckStatus
		wantErr error
	}{
		{"no DG14", nil, auth.NotSupported, nil},
		{"DG14 without chip authentication", mustDG14(t, nil), auth.NotSupported, auth.ErrUnsupported},
		{"garbled DG14", []byte{0x6E, 0x02, 0x31, 0x05}, auth.Failed, auth.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			term, card := newSession(t, icao.AES128)
			chip := &smChip{sm: card}
			next, r := auth.ChipAuthenticate(context.Background(), icao.NewChannel(chip, term), chip, tt.dg14, rand.Reader)
			if r.Status != tt.want || next != nil {
				t.Fatalf("status %s, want %s (%s)", r.Status, tt.want, r.Reason)
			}
			if tt.wantErr != nil && !errors.Is(r.Err, tt.wantErr) {
				t.Errorf("error %v, want %v", r.Err, tt.wantErr)
			}
		})
	}
}

func mustDG14(t *testing.T, ca *auth.ChipAuthCard) []byte {
	t.Helper()
	b, err := auth.EncodeDG14(ca, 0)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
