package auth_test

import (
	"crypto/rand"
	"sync"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
)

// dg1 and dg2 are stand-ins for data groups: passive authentication hashes bytes,
// it does not interpret them.
var (
	testDG1 = []byte{0x61, 0x05, 0x5F, 0x1F, 0x02, 'O', 'K'}
	testDG2 = []byte{0x75, 0x03, 0x01, 0x02, 0x03}
)

var (
	pkiOnce sync.Once
	pkiVal  *authtest.PKI
	pkiErr  error
)

// testPKI is one PKI shared by the tests of the package (key generation is slow).
func testPKI(t testing.TB) *authtest.PKI {
	t.Helper()
	pkiOnce.Do(func() { pkiVal, pkiErr = authtest.NewPKI(rand.Reader, authtest.Options{}) })
	if pkiErr != nil {
		t.Fatal(pkiErr)
	}
	return pkiVal
}

// trustOf makes a trust store holding the CSCA of p.
func trustOf(t testing.TB, p *authtest.PKI) *auth.TrustStore {
	t.Helper()
	s := &auth.TrustStore{}
	if err := s.AddBytes(p.CSCAPEM()); err != nil {
		t.Fatal(err)
	}
	return s
}

func signSOD(t testing.TB, p *authtest.PKI, dgs map[int][]byte, tamper string) []byte {
	t.Helper()
	sod, err := p.SignSOD(dgs, tamper)
	if err != nil {
		t.Fatal(err)
	}
	return sod
}
