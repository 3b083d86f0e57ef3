package vchip

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/asn1"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// insInternalAuth is INTERNAL AUTHENTICATE, active authentication's command.
const insInternalAuth = 0x88

// oidP256 names the curve of the chip authentication key (RFC 5480 §2.1.1.1).
var oidP256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}

// genuineness is what makes the chip genuine, or what a forger got wrong: the PKI
// that signed EF.SOD and the chip's private keys for active and chip authentication.
type genuineness struct {
	pki *authtest.PKI
	aa  *auth.ActiveAuthCard // nil: no active authentication, no DG15
	ca  *auth.ChipAuthCard   // nil: no chip authentication, no DG14
}

// newGenuineness makes the keys cfg asks for and the DG14 and DG15 that name them;
// DG14 also signs the PACEInfos the issuer gave the chip (ICAO 9303-11 §9.2).
// With Config.Tamper "clone" the chip's own keys are fresh ones that DG14 and DG15
// do not name: a copy of the data cannot copy the private keys.
func newGenuineness(cfg *Config, pace []icao.PACEInfo) (g *genuineness, dg14, dg15 []byte, err error) {
	g = &genuineness{pki: cfg.PKI}
	if g.pki == nil {
		if g.pki, err = authtest.NewPKI(cfg.Rand, authtest.Options{}); err != nil {
			return nil, nil, nil, fmt.Errorf("vchip: test PKI: %w", err)
		}
	}
	clone := cfg.Tamper == authtest.TamperClone
	if cfg.ActiveAuth != "none" {
		key, err := aaKey(cfg)
		if err != nil {
			return nil, nil, nil, err
		}
		if dg15, err = auth.EncodeDG15(key.Public()); err != nil {
			return nil, nil, nil, fmt.Errorf("vchip: DG15: %w", err)
		}
		if clone {
			if key, err = aaKey(cfg); err != nil {
				return nil, nil, nil, err
			}
		}
		g.aa = &auth.ActiveAuthCard{Key: key, Rand: cfg.Rand}
	}
	// ICAO 9303-11 §6.1: with an ECDSA key, DG14 names the signature algorithm of
	// active authentication (ActiveAuthenticationInfo).
	var aaHash crypto.Hash
	if cfg.ActiveAuth == "ecdsa" {
		aaHash = crypto.SHA256
		g.aa.Hash = aaHash
	}
	if cfg.ChipAuth != "none" {
		if g.ca, err = auth.NewChipAuthCard(oidP256, icao.AES128, cfg.Rand); err != nil {
			return nil, nil, nil, fmt.Errorf("vchip: chip authentication key: %w", err)
		}
	}
	if g.ca != nil || aaHash != 0 || len(pace) > 0 {
		if dg14, err = auth.EncodeDG14WithPACE(g.ca, aaHash, pace); err != nil {
			return nil, nil, nil, fmt.Errorf("vchip: DG14: %w", err)
		}
	}
	if g.ca != nil {
		if clone {
			if g.ca, err = auth.NewChipAuthCard(oidP256, icao.AES128, cfg.Rand); err != nil {
				return nil, nil, nil, fmt.Errorf("vchip: chip authentication key: %w", err)
			}
		}
	}
	return g, dg14, dg15, nil
}

// aaKey generates an active authentication key: ECDSA P-256, or RSA-1024 as most
// passports in circulation carry.
func aaKey(cfg *Config) (crypto.Signer, error) {
	var key crypto.Signer
	var err error
	if cfg.ActiveAuth == "rsa" {
		key, err = rsa.GenerateKey(cfg.Rand, 1024)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), cfg.Rand)
	}
	if err != nil {
		return nil, fmt.Errorf("vchip: active authentication key: %w", err)
	}
	return key, nil
}

// signFiles signs EF.SOD over the data groups of files. With Config.Tamper "dg1" the
// hash signed is that of another DG1 (the holder's name changed), so the DG1 the chip
// serves was "changed after signing".
func (g *genuineness) signFiles(cfg *Config, files map[lds.File]*file) ([]byte, error) {
	dgs := map[int][]byte{}
	for f, fl := range files {
		if n := f.DataGroup(); n != 0 {
			dgs[n] = fl.data
		}
	}
	if cfg.Tamper == authtest.TamperDG1 {
		signed := append([]byte(nil), dgs[1]...)
		signed[len(signed)-1] ^= 0x01 // a letter of the name of the holder, as issued
		dgs[1] = signed
	}
	sod, err := g.pki.SignSOD(dgs, cfg.Tamper)
	if err != nil {
		return nil, fmt.Errorf("vchip: EF.SOD: %w", err)
	}
	return sod, nil
}

// internalAuthenticate answers active authentication, only under secure messaging
// (ICAO 9303-11 §6.1 runs after access control).
func (c *Chip) internalAuthenticate(cmd iso7816.Command, protected bool) iso7816.Response {
	switch {
	case c.gen.aa == nil:
		return iso7816.Response{SW: iso7816.SWInsNotSupported}
	case !protected:
		return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}
	}
	return c.gen.aa.Handle(cmd)
}

// chipAuthenticate answers MSE:Set KAT, MSE:Set AT and GENERAL AUTHENTICATE of chip
// authentication (ICAO 9303-11 §6.2) under secure messaging. The new keys take over
// after the answer, which goes out under the old ones (transmitSM).
func (c *Chip) chipAuthenticate(cmd iso7816.Command) iso7816.Response {
	a := &c.session.auth
	if c.gen.ca == nil {
		return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}
	}
	if a.ca == nil {
		card := *c.gen.ca // per session: MSE:Set AT state
		a.ca = &card
	}
	resp, sm, err := a.ca.Handle(cmd)
	if err != nil {
		return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}
	}
	a.next = sm
	return resp
}

// PKI is the test PKI that signed the chip's EF.SOD; a reader trusts its CSCA
// (PKI.CSCAPEM) to find the chip genuine.
func (c *Chip) PKI() *authtest.PKI { return c.gen.pki }
