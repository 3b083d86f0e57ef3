package auth_test

import (
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
)

func TestVerifyPassive(t *testing.T) {
	p := testPKI(t)
	impostor, err := authtest.NewPKI(rand.Reader, authtest.Options{}) // same CSCA name, other key
	if err != nil {
		t.Fatal(err)
	}
	other, err := authtest.NewPKI(rand.Reader, authtest.Options{Country: "SE", Name: "OTHER CSCA"})
	if err != nil {
		t.Fatal(err)
	}
	dgs := map[int][]byte{1: testDG1, 2: testDG2}
	genuine := signSOD(t, p, dgs, "")
	changedDG1 := map[int][]byte{1: append([]byte{}, testDG1...), 2: testDG2}
	changedDG1[1][len(testDG1)-1] = 'X'
	revokedTrust := trustOf(t, p)
	crl, err := p.CRL(p.DS)
	if err != nil {
		t.Fatal(err)
	}
	if err := revokedTrust.AddBytes(crl); err != nil {
		t.Fatal(err)
	}
	emptyCRL, err := p.CRL()
	if err != nil {
		t.Fatal(err)
	}
	withEmptyCRL := trustOf(t, p)
	if err := withEmptyCRL.AddBytes(emptyCRL); err != nil {
		t.Fatal(err)
	}
	// A CRL in the CSCA's name signed by another key.
	forged, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	forgedCRL, err := forged.CRL()
	if err != nil {
		t.Fatal(err)
	}
	withForgedCRL := trustOf(t, p)
	if err := withForgedCRL.AddBytes(forgedCRL); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		sod     []byte
		dgs     map[int][]byte
		trust   *auth.TrustStore
		now     time.Time
		want    auth.PassiveStatus
		wantErr error
	}{
		{"genuine", genuine, dgs, trustOf(t, p), p.Now, auth.PassiveValid, nil},
		{"genuine with an empty CRL", genuine, dgs, withEmptyCRL, p.Now, auth.PassiveValid, nil},
		{"DG1 changed after signing", genuine, changedDG1, trustOf(t, p), p.Now, auth.PassiveInvalid, auth.ErrHashMismatch},
		{"data group not in the SOD", signSOD(t, p, map[int][]byte{1: testDG1}, ""), dgs, trustOf(t, p), p.Now, auth.PassiveInvalid, auth.ErrMissingHash},
		{"signed by a key the DS does not hold", signSOD(t, p, dgs, authtest.TamperDSKey), dgs, trustOf(t, p), p.Now, auth.PassiveInvalid, auth.ErrSignature},
		{"expired DS", signSOD(t, p, dgs, authtest.TamperExpiredDS), dgs, trustOf(t, p), p.Now, auth.PassiveInvalid, auth.ErrExpired},
		{"read after the CSCA expired", genuine, dgs, trustOf(t, p), p.Now.AddDate(20, 0, 0), auth.PassiveInvalid, auth.ErrExpired},
		{"DS revoked", genuine, dgs, revokedTrust, p.Now, auth.PassiveInvalid, auth.ErrRevoked},
		{"CRL that does not verify", genuine, dgs, withForgedCRL, p.Now, auth.PassiveNotChecked, auth.ErrBadCRL},
		{"unknown CSCA", genuine, dgs, trustOf(t, other), p.Now, auth.PassiveUnknownCSCA, auth.ErrUnknownCSCA},
		{"no trust store", genuine, dgs, nil, p.Now, auth.PassiveUnknownCSCA, auth.ErrUnknownCSCA},
		// Same name, other key: the DS's authority key identifier names another key.
		{"impostor CSCA of the same name", genuine, dgs, trustOf(t, impostor), p.Now, auth.PassiveUnknownCSCA, auth.ErrUnknownCSCA},
		{"no SOD", nil, dgs, trustOf(t, p), p.Now, auth.PassiveNotChecked, nil},
		{"truncated SOD", genuine[:len(genuine)-10], dgs, trustOf(t, p), p.Now, auth.PassiveInvalid, auth.ErrMalformed},
		{"not a SOD", []byte{0x77, 0x02, 0x05, 0x00}, dgs, trustOf(t, p), p.Now, auth.PassiveInvalid, auth.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := auth.VerifyPassive(tt.sod, tt.dgs, tt.trust, tt.now)
			if r.Status != tt.want {
				t.Fatalf("status %s, want %s; reasons %q", r.Status, tt.want, r.Reasons)
			}
			if tt.wantErr != nil && !errors.Is(r.Err, tt.wantErr) {
				t.Errorf("error %v, want %v", r.Err, tt.wantErr)
			}
			if tt.want != auth.PassiveValid && len(r.Reasons) == 0 {
				t.Error("no reason given")
			}
			if tt.want == auth.PassiveValid {
				if r.DocumentSigner != "CN=TEST DS,O=citizenkiosk,C=DK" || r.CSCA != "CN=TEST CSCA,O=citizenkiosk,C=DK" {
					t.Errorf("DS %q, CSCA %q", r.DocumentSigner, r.CSCA)
				}
				if len(r.DataGroups) != 2 || r.HashAlgorithm != "SHA-256" {
					t.Errorf("checked %v with %s", r.DataGroups, r.HashAlgorithm)
				}
			}
		})
	}
}

func TestLoadTrust(t *testing.T) {
	p := testPKI(t)
	other, err := authtest.NewPKI(rand.Reader, authtest.Options{Country: "SE", Name: "OTHER CSCA"})
	if err != nil {
		t.Fatal(err)
	}
	ml, err := p.MasterList(p.CSCA, other.CSCA)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	pemFile := write("csca.pem", p.CSCAPEM())
	derFile := write("other.der", other.CSCA.Raw)
	mlFile := write("masterlist.ml", ml)
	bad := filepath.Join(t.TempDir(), "bad.pem")
	if err := os.WriteFile(bad, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		want    int
		wantErr error
	}{
		{"PEM file", pemFile, 1, nil},
		{"DER file", derFile, 1, nil},
		{"master list", mlFile, 2, nil},
		{"folder", dir, 4, nil},
		{"garbled PEM", bad, 0, auth.ErrMalformed},
		{"empty folder", t.TempDir(), 0, auth.ErrNoTrust},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := auth.LoadTrust(tt.path)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Len() != tt.want {
				t.Errorf("%d certificates, want %d", s.Len(), tt.want)
			}
		})
	}
}

func TestMasterListTampered(t *testing.T) {
	p := testPKI(t)
	ml, err := p.MasterList()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.ParseMasterList(ml); err != nil {
		t.Fatalf("genuine master list: %v", err)
	}
	// Flip a byte inside the CSCA's public key in the list: the signature must fail.
	i := len(ml) / 3
	bad := append([]byte{}, ml...)
	bad[i] ^= 0x01
	if _, err := auth.ParseMasterList(bad); err == nil {
		t.Fatal("tampered master list accepted")
	}
	if _, err := auth.ParseMasterList(ml[:len(ml)/2]); !errors.Is(err, auth.ErrMalformed) {
		t.Errorf("truncated master list: %v, want ErrMalformed", err)
	}
}

func TestCheckSignatureFrom(t *testing.T) {
	p := testPKI(t)
	impostor, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := auth.ParseCertificate(p.DS.Raw)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		issuer  []byte
		wantErr error
	}{
		{"its CSCA", p.CSCA.Raw, nil},
		{"another CSCA of the same name", impostor.CSCA.Raw, auth.ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issuer, err := auth.ParseCertificate(tt.issuer)
			if err != nil {
				t.Fatal(err)
			}
			err = ds.CheckSignatureFrom(issuer)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
		})
	}
}
