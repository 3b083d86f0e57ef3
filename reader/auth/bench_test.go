package auth_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/icao"
)

// BenchmarkPassiveAuthentication is passive authentication of one document with
// DG1, a 20 KB DG2, DG11, DG14 and DG15: parse EF.SOD, hash the data groups, verify
// the SOD signature and the DS certificate (ECDSA P-256, SHA-256).
func BenchmarkPassiveAuthentication(b *testing.B) {
	p := testPKI(b)
	dgs := map[int][]byte{1: testDG1, 2: make([]byte, 20000), 11: make([]byte, 200), 14: make([]byte, 300), 15: make([]byte, 100)}
	sod := signSOD(b, p, dgs, "")
	trust := trustOf(b, p)
	b.ReportAllocs()
	for b.Loop() {
		if r := auth.VerifyPassive(sod, dgs, trust, p.Now); r.Status != auth.PassiveValid {
			b.Fatal(r.Reasons)
		}
	}
}

// BenchmarkActiveAuthentication is the terminal's side of active authentication:
// parse DG15 and verify the chip's answer to a challenge.
func BenchmarkActiveAuthentication(b *testing.B) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		b.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		key  crypto.Signer
		hash crypto.Hash
	}{{"RSA-1024", rsaKey, 0}, {"ECDSA-P256", ecKey, crypto.SHA256}} {
		b.Run(bc.name, func(b *testing.B) {
			dg15, err := auth.EncodeDG15(bc.key.Public())
			if err != nil {
				b.Fatal(err)
			}
			challenge := []byte("12345678")
			card := &auth.ActiveAuthCard{Key: bc.key, Rand: rand.Reader}
			sig, err := card.Sign(challenge)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				key, err := auth.ParseDG15(dg15)
				if err != nil {
					b.Fatal(err)
				}
				if err := auth.VerifyActiveAuth(key, bc.hash, challenge, sig); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkChipAuthentication is chip authentication in-process, terminal and chip
// together: both sides' key agreement (three scalar multiplications, two of them the
// terminal's) and three protected APDUs.
func BenchmarkChipAuthentication(b *testing.B) {
	for _, bc := range []struct {
		name  string
		curve []int
	}{{"P-256", oidP256}, {"brainpoolP256r1", oidBrainpoolP256r1}} {
		b.Run(bc.name, func(b *testing.B) {
			card, err := auth.NewChipAuthCard(bc.curve, icao.AES128, rand.Reader)
			if err != nil {
				b.Fatal(err)
			}
			dg14, err := auth.EncodeDG14(card, 0)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				term, cardSM := newSession(b, icao.AES128)
				chip := &smChip{sm: cardSM, ca: card}
				if _, r := auth.ChipAuthenticate(context.Background(), icao.NewChannel(chip, term), chip, dg14, rand.Reader); r.Status != auth.Passed {
					b.Fatal(r.Reason)
				}
			}
		})
	}
}
