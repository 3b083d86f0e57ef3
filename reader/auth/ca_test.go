package auth_test

import (
	"context"
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"math/big"
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

// rfc5114 is the 1024-bit MODP group with a 160-bit prime order subgroup of
// RFC 5114 §2.1 (ICAO 9303-11 §9.5.1 standardized domain parameters 0).
func rfc5114(t testing.TB) *auth.DHGroup {
	t.Helper()
	h := func(s string) *big.Int {
		v, ok := new(big.Int).SetString(s, 16)
		if !ok {
			t.Fatalf("bad constant %s", s)
		}
		return v
	}
	return &auth.DHGroup{
		P: h("B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E2EE652C0" +
			"13ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0" +
			"A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371"),
		G: h("A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F5504F213" +
			"160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28A" +
			"D662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5"),
		Q: h("F518AA8781A8DF278ABA4E7D64B7CB9D49462353"),
	}
}

func TestChipAuthenticate(t *testing.T) {
	tests := []struct {
		name    string
		curve   asn1.ObjectIdentifier // nil: DH in the RFC 5114 group
		session icao.Cipher           // the BAC or PACE session before
		cipher  icao.Cipher           // the chip authentication session after
		other   bool                  // DG14 holds another key than the chip
		want    auth.CheckStatus
	}{
		{"P-256 AES-128 after PACE", oidP256, icao.AES128, icao.AES128, false, auth.Passed},
		{"brainpoolP256r1 3DES after BAC", oidBrainpoolP256r1, icao.TripleDES, icao.TripleDES, false, auth.Passed},
		{"brainpoolP384r1 AES-256", oidBrainpoolP384r1, icao.AES128, icao.AES256, false, auth.Passed},
		{"clone: DG14 key not the chip's (AES)", oidP256, icao.AES128, icao.AES128, true, auth.Failed},
		{"clone: DG14 key not the chip's (3DES)", oidBrainpoolP256r1, icao.TripleDES, icao.TripleDES, true, auth.Failed},
		{"DH 1024 3DES", nil, icao.TripleDES, icao.TripleDES, false, auth.Passed},
		{"DH 1024 AES-128", nil, icao.AES128, icao.AES128, false, auth.Passed},
		{"clone: DH key not the chip's", nil, icao.AES128, icao.AES128, true, auth.Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newCard := func() *auth.ChipAuthCard {
				var card *auth.ChipAuthCard
				var err error
				if tt.curve == nil {
					card, err = auth.NewChipAuthCardDH(rfc5114(t), tt.cipher, rand.Reader)
				} else {
					card, err = auth.NewChipAuthCard(tt.curve, tt.cipher, rand.Reader)
				}
				if err != nil {
					t.Fatal(err)
				}
				return card
			}
			card := newCard()
			inDG14 := card
			if tt.other {
				inDG14 = newCard()
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
