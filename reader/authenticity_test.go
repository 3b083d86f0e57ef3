package reader

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// TestReadAuthenticity reads genuine and forged virtual chips and checks the verdict.
func TestReadAuthenticity(t *testing.T) {
	pki, err := authtest.NewPKI(rand.Reader, authtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	other, err := authtest.NewPKI(rand.Reader, authtest.Options{Country: "SE", Name: "OTHER CSCA"})
	if err != nil {
		t.Fatal(err)
	}
	trust := func(p *authtest.PKI) *auth.TrustStore {
		s := &auth.TrustStore{}
		if err := s.AddBytes(p.CSCAPEM()); err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name      string
		chip      func(*vchip.Config)
		trust     *auth.TrustStore
		key       AccessKey
		overall   auth.Overall
		passive   auth.PassiveStatus
		passErr   error
		aa, ca    auth.CheckStatus
		checkErrs error // in AA or CA
	}{
		{"genuine, PACE", nil, trust(pki), specimenKey, auth.Genuine, auth.PassiveValid, nil, auth.Passed, auth.Passed, nil},
		{"genuine, BAC and RSA active authentication", func(c *vchip.Config) { c.Protocol, c.ActiveAuth = "bac", "rsa" },
			trust(pki), specimenKey, auth.Genuine, auth.PassiveValid, nil, auth.Passed, auth.Passed, nil},
		{"genuine, PACE 3DES", func(c *vchip.Config) { c.Cipher = "3des" }, trust(pki), specimenKey,
			auth.Genuine, auth.PassiveValid, nil, auth.Passed, auth.Passed, nil},
		{"genuine, no active or chip authentication", func(c *vchip.Config) { c.ActiveAuth, c.ChipAuth = "none", "none" },
			trust(pki), specimenKey, auth.Genuine, auth.PassiveValid, nil, auth.NotSupported, auth.NotSupported, nil},
		{"unknown CSCA", nil, trust(other), specimenKey, auth.Unverified, auth.PassiveUnknownCSCA, auth.ErrUnknownCSCA, auth.Passed, auth.Passed, nil},
		{"no trust store", nil, nil, specimenKey, auth.Unverified, auth.PassiveUnknownCSCA, auth.ErrUnknownCSCA, auth.Passed, auth.Passed, nil},
		{"tamper dg1", func(c *vchip.Config) { c.Tamper = authtest.TamperDG1 }, trust(pki), specimenKey,
			auth.NotGenuine, auth.PassiveInvalid, auth.ErrHashMismatch, auth.Passed, auth.Passed, nil},
		{"tamper ds-key", func(c *vchip.Config) { c.Tamper = authtest.TamperDSKey }, trust(pki), specimenKey,
			auth.NotGenuine, auth.PassiveInvalid, auth.ErrSignature, auth.Passed, auth.Passed, nil},
		{"tamper expired-ds", func(c *vchip.Config) { c.Tamper = authtest.TamperExpiredDS }, trust(pki), specimenKey,
			auth.NotGenuine, auth.PassiveInvalid, auth.ErrExpired, auth.Passed, auth.Passed, nil},
		{"tamper clone", func(c *vchip.Config) { c.Tamper = authtest.TamperClone }, trust(pki), specimenKey,
			auth.NotGenuine, auth.PassiveValid, nil, auth.Failed, auth.Failed, auth.ErrChallenge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chip := newChip(t, func(c *vchip.Config) {
				c.PKI = pki
				if tt.chip != nil {
					tt.chip(c)
				}
			})
			doc, err := Read(context.Background(), chip, tt.key, Options{Trust: tt.trust})
			if err != nil {
				t.Fatal(err)
			}
			v := doc.Authenticity
			if v == nil {
				t.Fatal("no verdict")
			}
			if v.Overall != tt.overall || v.Passive.Status != tt.passive || v.Active.Status != tt.aa || v.Chip.Status != tt.ca {
				t.Fatalf("verdict %s: passive %s %q, active %s %q, chip %s %q; want %s, %s, %s, %s",
					v.Overall, v.Passive.Status, v.Passive.Reasons, v.Active.Status, v.Active.Reason,
					v.Chip.Status, v.Chip.Reason, tt.overall, tt.passive, tt.aa, tt.ca)
			}
			if tt.passErr != nil && !errors.Is(v.Passive.Err, tt.passErr) {
				t.Errorf("passive error %v, want %v", v.Passive.Err, tt.passErr)
			}
			if tt.checkErrs != nil && !errors.Is(v.Active.Err, tt.checkErrs) {
				t.Errorf("active authentication error %v, want %v", v.Active.Err, tt.checkErrs)
			}
			if v.Passive.DocumentSigner == "" {
				t.Error("no document signer named")
			}
		})
	}
}

func TestReadNoAuthenticity(t *testing.T) {
	doc, err := Read(context.Background(), newChip(t, nil), specimenKey, Options{NoAuthenticity: true})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Authenticity != nil {
		t.Errorf("verdict %+v with NoAuthenticity", doc.Authenticity)
	}
}

// TestReadRemovedDuringAuthentication pulls the card during active and during chip
// authentication: the read fails at that step with ErrCardRemoved; it is not a
// "not genuine" verdict.
func TestReadRemovedDuringAuthentication(t *testing.T) {
	probe := &pullable{chip: newChip(t, nil)}
	if _, err := Read(context.Background(), probe, specimenKey, Options{NoAuthenticity: true}); err != nil {
		t.Fatal(err)
	}
	read := probe.sent // APDUs of the read; INTERNAL AUTHENTICATE is the next
	for _, tt := range []struct {
		pullAfter int
		step      string
	}{{read, "active authentication"}, {read + 1, "chip authentication"}} {
		card := &pullable{chip: newChip(t, nil), pullAfter: tt.pullAfter}
		_, err := Read(context.Background(), card, specimenKey, Options{})
		var se *StepError
		if !errors.Is(err, ErrCardRemoved) || !errors.As(err, &se) || se.Step != tt.step {
			t.Errorf("pulled after %d APDUs: error %v, want ErrCardRemoved at %q", tt.pullAfter, err, tt.step)
		}
	}
}
