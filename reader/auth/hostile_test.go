package auth_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"math/big"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
)

// nested is n SEQUENCEs inside one another, each with a long-form length.
func nested(n int) []byte {
	b := []byte{0x05, 0x00}
	for i := 0; i < n; i++ {
		l := len(b)
		b = append([]byte{0x30, 0x83, byte(l >> 16), byte(l >> 8), byte(l)}, b...)
	}
	return b
}

// TestHostileSOD checks that malformed, huge, deeply nested SODs and unknown
// algorithms give a typed error and never a valid verdict.
func TestHostileSOD(t *testing.T) {
	p := testPKI(t)
	dgs := map[int][]byte{1: testDG1, 2: testDG2}
	genuine := signSOD(t, p, dgs, "")
	sha256OID := []byte{0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}
	sha3OID := []byte{0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x08}
	sha1SOD, err := p.SignSODWith(dgs, crypto.SHA1, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		sod     []byte
		want    auth.PassiveStatus
		wantErr error
	}{
		{"SHA-1 data group hashes", sha1SOD, auth.PassiveValid, nil},
		{"unknown hash algorithm (SHA3-256)", bytes.ReplaceAll(genuine, sha256OID, sha3OID), auth.PassiveNotChecked, auth.ErrUnsupported},
		{"huge", append([]byte{0x77, 0x84, 0x00, 0x10, 0x00, 0x00}, make([]byte, 1<<20)...), auth.PassiveInvalid, auth.ErrMalformed},
		{"length beyond the data", []byte{0x77, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x30}, auth.PassiveInvalid, auth.ErrMalformed},
		{"deeply nested", append([]byte{0x77, 0x83, 0, 0, 0}, nested(10000)...), auth.PassiveInvalid, auth.ErrMalformed},
		{"trailing garbage", append(append([]byte{}, genuine...), 0x00), auth.PassiveInvalid, auth.ErrMalformed},
		{"empty", []byte{0x77, 0x00}, auth.PassiveInvalid, auth.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := auth.VerifyPassive(tt.sod, dgs, trustOf(t, p), p.Now)
			if r.Status != tt.want {
				t.Fatalf("status %s, want %s (%q)", r.Status, tt.want, r.Reasons)
			}
			if tt.wantErr != nil && !errors.Is(r.Err, tt.wantErr) {
				t.Errorf("error %v, want %v", r.Err, tt.wantErr)
			}
		})
	}
}

// TestHostileCertificates checks the limits on certificates and keys.
func TestHostileCertificates(t *testing.T) {
	p := testPKI(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	// An RSA key whose modulus claims 9000 bits: refused before any arithmetic.
	huge := &rsa.PublicKey{N: new(big.Int).Lsh(big.NewInt(1), 9000), E: 65537}
	huge.N.Add(huge.N, big.NewInt(1))
	hugeDER, err := x509.MarshalPKIXPublicKey(huge)
	if err != nil {
		t.Fatal(err)
	}
	smallDER, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		parse   func() error
		wantErr error
	}{
		{"9000-bit RSA key", func() error { _, err := auth.ParsePublicKey(hugeDER); return err }, auth.ErrMalformed},
		{"RSA key", func() error { _, err := auth.ParsePublicKey(smallDER); return err }, nil},
		{"truncated certificate", func() error { _, err := auth.ParseCertificate(p.CSCA.Raw[:100]); return err }, auth.ErrMalformed},
		{"deeply nested certificate", func() error { _, err := auth.ParseCertificate(nested(5000)); return err }, auth.ErrMalformed},
		{"master list that is a certificate", func() error { _, err := auth.ParseMasterList(p.CSCA.Raw); return err }, auth.ErrMalformed},
		{"trust bytes of nothing known", func() error { var s auth.TrustStore; return s.AddBytes([]byte("hello")) }, auth.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse()
			if (tt.wantErr == nil) != (err == nil) || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
		})
	}
}
