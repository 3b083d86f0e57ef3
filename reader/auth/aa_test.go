package auth_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/icao"
)

func TestActiveAuthenticate(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	rsa2048, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ec384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dg14SHA384, err := auth.EncodeDG14(nil, crypto.SHA384)
	if err != nil {
		t.Fatal(err)
	}
	dg15 := func(pub crypto.PublicKey) []byte {
		b, err := auth.EncodeDG15(pub)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name    string
		chipKey crypto.Signer
		hash    crypto.Hash
		dg15    []byte
		dg14    []byte
		corrupt bool
		want    auth.CheckStatus
		wantErr error
	}{
		{"RSA-1024 ISO 9796-2", rsaKey, 0, dg15(&rsaKey.PublicKey), nil, false, auth.Passed, nil},
		{"RSA-2048 (extended length)", rsa2048, 0, dg15(&rsa2048.PublicKey), nil, false, auth.Passed, nil},
		{"ECDSA P-256", ecKey, 0, dg15(&ecKey.PublicKey), nil, false, auth.Passed, nil},
		{"ECDSA P-384 with SHA-384 from DG14", ec384, crypto.SHA384, dg15(&ec384.PublicKey), dg14SHA384, false, auth.Passed, nil},
		{"clone: RSA key not DG15's", rsa2048, 0, dg15(&rsaKey.PublicKey), nil, false, auth.Failed, auth.ErrChallenge},
		{"clone: EC key not DG15's", ec384, 0, dg15(&ecKey.PublicKey), nil, false, auth.Failed, auth.ErrChallenge},
		{"corrupted RSA signature", rsaKey, 0, dg15(&rsaKey.PublicKey), nil, true, auth.Failed, auth.ErrChallenge},
		{"corrupted ECDSA signature", ecKey, 0, dg15(&ecKey.PublicKey), nil, true, auth.Failed, auth.ErrChallenge},
		{"no DG15", ecKey, 0, nil, nil, false, auth.NotSupported, nil},
		{"garbled DG15", ecKey, 0, []byte{0x6F, 0x03, 0x30, 0x01, 0x00}, nil, false, auth.Failed, auth.ErrMalformed},
		{"DG15 with a DH key", ecKey, 0, dhDG15(t), nil, false, auth.NotSupported, auth.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			term, card := newSession(t, icao.AES128)
			chip := &smChip{sm: card, corrupt: tt.corrupt,
				aa: &auth.ActiveAuthCard{Key: tt.chipKey, Hash: tt.hash, Rand: rand.Reader}}
			r := auth.ActiveAuthenticate(context.Background(), icao.NewChannel(chip, term), tt.dg15, tt.dg14, rand.Reader)
			if r.Status != tt.want {
				t.Fatalf("status %s, want %s (%s)", r.Status, tt.want, r.Reason)
			}
			if tt.wantErr != nil && !errors.Is(r.Err, tt.wantErr) {
				t.Errorf("error %v, want %v", r.Err, tt.wantErr)
			}
			if r.Status != auth.Passed && r.Reason == "" {
				t.Error("no reason")
			}
		})
	}
}

// dhDG15 is DG15 holding a DH key, which active authentication cannot use.
func dhDG15(t *testing.T) []byte {
	t.Helper()
	card, err := auth.NewChipAuthCardDH(rfc5114(t), icao.AES128, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spki, err := card.PublicKeyInfo()
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte{0x6F, 0x82, byte(len(spki) >> 8), byte(len(spki))}, spki...)
}

// TestVerifyActiveAuthDER checks that an ECDSA answer in DER (X9.62) is accepted as
// well as the plain r ‖ s of BSI TR-03111, and that both fail over another challenge.
func TestVerifyActiveAuthDER(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dg15, err := auth.EncodeDG15(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := auth.ParseDG15(dg15)
	if err != nil {
		t.Fatal(err)
	}
	challenge := []byte("87654321")
	sum := sha256.Sum256(challenge)
	der, err := ecdsa.SignASN1(rand.Reader, key, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	plain, err := (&auth.ActiveAuthCard{Key: key, Hash: crypto.SHA256, Rand: rand.Reader}).Sign(challenge)
	if err != nil {
		t.Fatal(err)
	}
	for name, sig := range map[string][]byte{"DER": der, "plain": plain} {
		if err := auth.VerifyActiveAuth(pub, crypto.SHA256, challenge, sig); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := auth.VerifyActiveAuth(pub, crypto.SHA256, []byte("other!!!"), sig); !errors.Is(err, auth.ErrChallenge) {
			t.Errorf("%s over another challenge: %v, want ErrChallenge", name, err)
		}
	}
}
