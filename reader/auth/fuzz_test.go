package auth_test

import (
	"crypto/rand"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
)

// FuzzParseSOD feeds EF.SOD variants to the parser and to passive authentication:
// they must return an error or a verdict, never panic, and a changed SOD must never
// be valid.
func FuzzParseSOD(f *testing.F) {
	p, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		f.Fatal(err)
	}
	dgs := map[int][]byte{1: testDG1, 2: testDG2}
	genuine, err := p.SignSOD(dgs, "")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(genuine)
	f.Add(genuine[2:]) // the bare ContentInfo
	f.Add([]byte{0x77, 0x00})
	f.Add([]byte{0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF})
	trust := &auth.TrustStore{}
	if err := trust.AddBytes(p.CSCAPEM()); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, sod []byte) {
		if s, err := auth.ParseSOD(sod); err == nil {
			_, _ = s.DocumentSigner()
		}
		r := auth.VerifyPassive(sod, dgs, trust, p.Now)
		if r.Status == auth.PassiveValid && string(sod) != string(genuine) && string(sod) != string(genuine[2:]) {
			// Another encoding can only be valid if it signs the same data; check
			// that it at least parses to the same hashes.
			s, err := auth.ParseSOD(sod)
			if err != nil {
				t.Fatalf("valid verdict for an unparsable SOD: %v", err)
			}
			if len(s.Hashes) < 2 {
				t.Fatalf("valid verdict for a SOD without the data group hashes")
			}
		}
	})
}

// FuzzParseMasterList feeds master list variants to the trust store loader.
func FuzzParseMasterList(f *testing.F) {
	p, err := authtest.NewPKI(rand.Reader, authtest.Options{Now: time.Now()})
	if err != nil {
		f.Fatal(err)
	}
	ml, err := p.MasterList()
	if err != nil {
		f.Fatal(err)
	}
	crl, err := p.CRL(p.DS)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ml)
	f.Add(p.CSCA.Raw)
	f.Add(crl)
	f.Add(p.CSCAPEM())
	f.Fuzz(func(t *testing.T, b []byte) {
		if certs, err := auth.ParseMasterList(b); err == nil && len(certs) == 0 {
			t.Fatal("master list accepted without certificates")
		}
		var s auth.TrustStore
		_ = s.AddBytes(b)
	})
}

// FuzzParseDG14DG15 feeds DG14 and DG15 variants to their parsers.
func FuzzParseDG14DG15(f *testing.F) {
	ca, err := auth.NewChipAuthCard(oidBrainpoolP256r1, 2, rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	dg14, err := auth.EncodeDG14(ca, 0)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(dg14)
	f.Add([]byte{0x6F, 0x03, 0x30, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = auth.ParseDG14(b)
		_, _ = auth.ParseDG15(b)
		_, _ = auth.ParsePublicKey(b)
		_, _ = auth.ParseCertificate(b)
	})
}
