package auth_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
)

// TestCertificateRoles checks the key usage rules of ICAO 9303-12 §7.1.1: a DS
// signs documents (digitalSignature), a CSCA is a CA that signs certificates.
func TestCertificateRoles(t *testing.T) {
	p := testPKI(t)
	dgs := map[int][]byte{1: testDG1}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	issue := func(tmpl, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) *x509.Certificate {
		tmpl.SerialNumber = big.NewInt(1000 + int64(len(tmpl.Subject.CommonName)))
		tmpl.NotBefore, tmpl.NotAfter = p.Now.AddDate(0, -1, 0), p.Now.AddDate(1, 0, 0)
		if parent == nil {
			parent = tmpl
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	certSignDS := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "DS that signs certificates"},
		KeyUsage: x509.KeyUsageCertSign}, p.CSCA, &key.PublicKey, p.CSCAKey)

	// A "CSCA" that is no CA: key usage digitalSignature only, no basic constraints.
	fakeKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	notCA := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "not a CA"},
		KeyUsage: x509.KeyUsageDigitalSignature}, nil, &fakeKey.PublicKey, fakeKey)
	dsOfNotCA := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "DS of a non-CA"},
		KeyUsage: x509.KeyUsageDigitalSignature}, notCA, &key.PublicKey, fakeKey)
	notCATrust := &auth.TrustStore{}
	if err := notCATrust.AddBytes(notCA.Raw); err != nil {
		t.Fatal(err)
	}

	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaDS := issue(&x509.Certificate{Subject: pkix.Name{CommonName: "RSA DS"},
		KeyUsage: x509.KeyUsageDigitalSignature}, p.CSCA, &rsaKey.PublicKey, p.CSCAKey)

	sign := func(cert *x509.Certificate, k crypto.Signer) []byte {
		sod, err := p.SignSODAs(dgs, cert, k)
		if err != nil {
			t.Fatal(err)
		}
		return sod
	}
	tests := []struct {
		name    string
		sod     []byte
		trust   *auth.TrustStore
		want    auth.PassiveStatus
		wantErr error
	}{
		{"DS with keyCertSign only", sign(certSignDS, key), trustOf(t, p), auth.PassiveInvalid, auth.ErrKeyUsage},
		{"CSCA that is not a CA", sign(dsOfNotCA, key), notCATrust, auth.PassiveInvalid, auth.ErrKeyUsage},
		{"RSA PKCS#1 v1.5 DS", sign(rsaDS, rsaKey), trustOf(t, p), auth.PassiveValid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := auth.VerifyPassive(tt.sod, dgs, tt.trust, p.Now)
			if r.Status != tt.want || tt.wantErr != nil && !errors.Is(r.Err, tt.wantErr) {
				t.Errorf("status %s %v, want %s %v", r.Status, r.Err, tt.want, tt.wantErr)
			}
		})
	}
}
