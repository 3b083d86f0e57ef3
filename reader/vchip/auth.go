package vchip

import (
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// authState is where access control stands in the current session.
type authState struct {
	bac       *icao.BACCard  // after the first GET CHALLENGE
	pace      *icao.PACECard // after the first MSE:Set AT
	sm        *icao.SecureMessaging
	blockSize int                   // of the secure-messaging cipher: 8 for 3DES, 16 for AES
	ca        *auth.ChipAuthCard    // after the first chip authentication command
	next      *icao.SecureMessaging // chip authentication's session, from the next command on
}

// open reports whether BAC or PACE has succeeded in this session.
func (a *authState) open() bool { return a.sm != nil }

// drop forgets the session keys and any half-run protocol (ICAO 9303-11 §9.8.5: the
// chip ends secure messaging after an SM error).
func (a *authState) drop() { *a = authState{} }

func (a *authState) establish(sm *icao.SecureMessaging) {
	*a = authState{sm: sm, blockSize: sm.Cipher().BlockSize()}
}

// smErrorStatus is the plain status word for a command that failed to unwrap:
// ICAO 9303-11 §9.8.6 asks for 6988, "SM data objects incorrect", in every case.
func smErrorStatus(error) uint16 { return iso7816.SWSMObjectsIncorrect }

// bac runs the chip side of Basic Access Control (ICAO 9303-11 §4.3): GET CHALLENGE,
// then EXTERNAL AUTHENTICATE, whose success opens secure messaging. A wrong key is
// answered 6300, as real chips do.
func (c *Chip) bac(cmd iso7816.Command) iso7816.Response {
	a := &c.session.auth
	if a.bac == nil {
		card, err := icao.NewBACCard(c.bacSeed, c.cfg.Rand)
		if err != nil {
			return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}
		}
		a.bac = card
	}
	resp, sm, err := a.bac.Handle(cmd)
	if err == nil && sm != nil {
		a.establish(sm)
	}
	return resp
}

// runPACE runs the chip side of PACE (ICAO 9303-11 §4.4): MSE:Set AT names the protocol
// and the password (MRZ or CAN), four GENERAL AUTHENTICATE steps agree the keys, and the
// last one opens secure messaging. A wrong password is answered 6300 in the last step.
func (c *Chip) runPACE(cmd iso7816.Command) iso7816.Response {
	a := &c.session.auth
	if a.pace == nil {
		card, err := c.pace.newCard(&c.cfg)
		if err != nil {
			return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}
		}
		a.pace = card
	}
	resp, sm, err := a.pace.Handle(cmd)
	if err == nil && sm != nil {
		a.establish(sm)
	}
	return resp
}
