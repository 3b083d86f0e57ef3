package e2e

import (
	"crypto/rand"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// testRealDocuments reads, through pcscd, chips that behave as real documents do
// (issue 8 item 7): what they say of extended length, an EF.CardAccess that is not
// the one DG14 signs, and documents before and after their expiry date. Plain errors
// under secure messaging and chips without short file identifiers are in the table of
// TestThroughPCSCD.
func testRealDocuments(t *testing.T) {
	t.Run("extended length as the chip says", testExtendedAsSaid)
	t.Run("altered EF.CardAccess", testAlteredCardAccess)
	t.Run("expiry", testExpiry)
}

// testExtendedAsSaid reads chips without extended length that say so in the ATR (read
// through pcsc.Card.ATR), in EF.ATR/INFO, or nowhere. Where the chip says it, the
// reader does not try, so the read takes fewer APDUs than where it must try.
func testExtendedAsSaid(t *testing.T) {
	apdus := map[string]int{}
	for _, tt := range []struct {
		name string
		edit func(*vchip.Config)
	}{
		{"in the ATR", func(c *vchip.Config) { c.ATRCapabilities, c.NoATRInfo = true, true }},
		{"in EF.ATR/INFO", nil},
		{"nowhere", func(c *vchip.Config) { c.NoATRInfo = true }},
	} {
		cfg := specimen()
		cfg.NoExtended = true
		if tt.edit != nil {
			tt.edit(&cfg)
		}
		ic := insert(t, cfg)
		doc, err := read(t, ic, specimenKey, reader.Options{})
		if err != nil {
			t.Fatalf("%s: read: %v", tt.name, err)
		}
		checkDocument(t, doc, "PACE")
		if doc.ReadSize > 223 {
			t.Errorf("%s: largest READ BINARY %d, the chip allows 223", tt.name, doc.ReadSize)
		}
		apdus[tt.name] = doc.APDUs
		ic.remove(t)
	}
	t.Logf("APDUs by where the chip says it has no extended length: %v", apdus)
	if apdus["in the ATR"] >= apdus["nowhere"] || apdus["in EF.ATR/INFO"] >= apdus["nowhere"] {
		t.Errorf("APDUs %v: a chip that says it has no extended length must be read without trying", apdus)
	}
}

// testAlteredCardAccess: the chip offers and runs a PACE other than the one DG14
// signs. The read succeeds; the verdict is not genuine although every other check passes.
func testAlteredCardAccess(t *testing.T) {
	pki, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	trust := &auth.TrustStore{}
	if err := trust.AddBytes(pki.CSCAPEM()); err != nil {
		t.Fatal(err)
	}
	for _, alter := range []bool{false, true} {
		cfg := specimen()
		cfg.PKI, cfg.AlterCardAccess = pki, alter
		ic := insert(t, cfg)
		doc, err := read(t, ic, specimenKey, reader.Options{Trust: trust})
		if err != nil {
			t.Fatalf("altered %v: read: %v", alter, err)
		}
		v := doc.Authenticity
		want, wantOverall := auth.Passed, auth.Genuine
		if alter {
			want, wantOverall = auth.Failed, auth.NotGenuine
		}
		if v.CardAccess.Status != want || v.Overall != wantOverall || v.Passive.Status != auth.PassiveValid ||
			v.Active.Status != auth.Passed || v.Chip.Status != auth.Passed {
			t.Errorf("altered %v: verdict %s, card access %s (%s), passive %s, active %s, chip %s", alter, v.Overall,
				v.CardAccess.Status, v.CardAccess.Reason, v.Passive.Status, v.Active.Status, v.Chip.Status)
		}
		if alter && !errors.Is(v.CardAccess.Err, auth.ErrCardAccessMismatch) {
			t.Errorf("reason %v, want auth.ErrCardAccessMismatch", v.CardAccess.Err)
		}
		ic.remove(t)
	}
}

// testExpiry reads a document that expired (the specimen, 1994) and one valid until
// 2035: only the first is flagged.
func testExpiry(t *testing.T) {
	for _, tt := range []struct {
		expiry string
		want   bool
	}{{"940623", true}, {"351231", false}} {
		cfg := specimen()
		cfg.ExpiryDate = tt.expiry
		key := specimenKey
		key.ExpiryDate = tt.expiry
		ic := insert(t, cfg)
		doc, err := read(t, ic, key, reader.Options{})
		if err != nil {
			t.Fatalf("expiry %s: read: %v", tt.expiry, err)
		}
		if doc.Expired != tt.want || doc.Report().Expired != tt.want || doc.Authenticity.Expired != tt.want {
			t.Errorf("expiry %s: expired %v, report %v, verdict %v; want %v", tt.expiry, doc.Expired,
				doc.Report().Expired, doc.Authenticity.Expired, tt.want)
		}
		ic.remove(t)
	}
}
