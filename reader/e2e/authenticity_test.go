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

// testAuthenticity reads genuine and forged chips through pcscd and checks the verdict
// (issue 5): genuine is valid and passed, each forgery fails where it should, and an
// unknown CSCA is unknown-csca.
func testAuthenticity(t *testing.T) {
	pki, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	other, err := authtest.NewPKI(rand.Reader, authtest.Options{Country: "SE", Name: "OTHER CSCA"})
	if err != nil {
		t.Fatal(err)
	}
	trustOf := func(p *authtest.PKI) *auth.TrustStore {
		s := &auth.TrustStore{}
		if err := s.AddBytes(p.CSCAPEM()); err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name           string
		edit           func(*vchip.Config)
		trust          *auth.TrustStore
		overall        auth.Overall
		passive        auth.PassiveStatus
		passiveErr     error
		active, chipCA auth.CheckStatus
	}{
		{"genuine PACE", nil, trustOf(pki), auth.Genuine, auth.PassiveValid, nil, auth.Passed, auth.Passed},
		{"genuine BAC, RSA active authentication", func(c *vchip.Config) { c.Protocol, c.ActiveAuth = "bac", "rsa" },
			trustOf(pki), auth.Genuine, auth.PassiveValid, nil, auth.Passed, auth.Passed},
		{"unknown CSCA", nil, trustOf(other), auth.Unverified, auth.PassiveUnknownCSCA, auth.ErrUnknownCSCA, auth.Passed, auth.Passed},
		{"tamper dg1", func(c *vchip.Config) { c.Tamper = authtest.TamperDG1 }, trustOf(pki),
			auth.NotGenuine, auth.PassiveInvalid, auth.ErrHashMismatch, auth.Passed, auth.Passed},
		{"tamper ds-key", func(c *vchip.Config) { c.Tamper = authtest.TamperDSKey }, trustOf(pki),
			auth.NotGenuine, auth.PassiveInvalid, auth.ErrSignature, auth.Passed, auth.Passed},
		{"tamper expired-ds", func(c *vchip.Config) { c.Tamper = authtest.TamperExpiredDS }, trustOf(pki),
			auth.NotGenuine, auth.PassiveInvalid, auth.ErrExpired, auth.Passed, auth.Passed},
		{"tamper clone", func(c *vchip.Config) { c.Tamper = authtest.TamperClone }, trustOf(pki),
			auth.NotGenuine, auth.PassiveValid, nil, auth.Failed, auth.Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := specimen()
			cfg.PKI = pki
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			ic := insert(t, cfg)
			doc, err := read(t, ic, specimenKey, reader.Options{Trust: tt.trust})
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			v := doc.Authenticity
			if v == nil {
				t.Fatal("no verdict")
			}
			if v.Overall != tt.overall || v.Passive.Status != tt.passive || v.Active.Status != tt.active || v.Chip.Status != tt.chipCA {
				t.Fatalf("verdict %s: passive %s %q, active %s %q, chip %s %q", v.Overall, v.Passive.Status,
					v.Passive.Reasons, v.Active.Status, v.Active.Reason, v.Chip.Status, v.Chip.Reason)
			}
			if tt.passiveErr != nil && !errors.Is(v.Passive.Err, tt.passiveErr) {
				t.Errorf("passive error %v, want %v", v.Passive.Err, tt.passiveErr)
			}
			t.Logf("%s: %s, %d APDUs, %v", doc.Protocol, v.Overall, doc.APDUs, doc.Elapsed)
		})
	}
}

// BenchmarkReadAuthenticated is a full PACE read with extended length through pcscd,
// with and without the authenticity checks (DG14 and DG15 read, active and chip
// authentication on the card, passive authentication on the CPU).
func BenchmarkReadAuthenticated(b *testing.B) {
	pki, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	trust := &auth.TrustStore{}
	if err := trust.AddBytes(pki.CSCAPEM()); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		edit func(*vchip.Config)
		opts reader.Options
	}{
		{"without", func(c *vchip.Config) { c.ActiveAuth, c.ChipAuth = "none", "none" }, reader.Options{NoAuthenticity: true}},
		{"with", nil, reader.Options{Trust: trust}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			cfg := specimen()
			cfg.PKI = pki
			if bc.edit != nil {
				bc.edit(&cfg)
			}
			benchRead(b, insert(b, cfg), bc.opts)
		})
	}
}
