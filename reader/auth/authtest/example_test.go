package authtest_test

import (
	"crypto/rand"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
)

// Sign the data groups of a test document and check them as a reader would; then
// change DG1 after signing.
func Example() {
	pki, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		panic(err)
	}
	dgs := map[int][]byte{1: []byte("DG1 as issued"), 2: []byte("DG2")}
	sod, err := pki.SignSOD(dgs, authtest.TamperNone)
	if err != nil {
		panic(err)
	}
	trust := &auth.TrustStore{}
	if err := trust.AddBytes(pki.CSCAPEM()); err != nil {
		panic(err)
	}
	r := auth.VerifyPassive(sod, dgs, trust, pki.Now)
	fmt.Println(r.Status, r.CSCA)

	dgs[1] = []byte("DG1 changed")
	r = auth.VerifyPassive(sod, dgs, trust, pki.Now)
	fmt.Println(r.Status, r.Reasons)
	// Output:
	// valid CN=TEST CSCA,O=citizenkiosk,C=DK
	// invalid [DG1: auth: data group hash does not match the SOD]
}
