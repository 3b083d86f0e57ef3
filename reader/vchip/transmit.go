package vchip

import (
	"math"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// transmit answers one raw command APDU. The caller holds c.mu. A returned error means
// the card left the field and nothing is answered.
func (c *Chip) transmit(raw []byte) ([]byte, error) {
	cmd, err := iso7816.ParseCommand(raw)
	if err != nil {
		return sw(iso7816.SWWrongLength), nil
	}
	if cmd.Cla == claProprietary {
		return c.pseudoAPDU(cmd).Bytes(), nil
	}
	a := &c.session.auth
	if a.sm == nil {
		if cmd.Extended && c.cfg.NoExtended {
			return sw(iso7816.SWWrongLength), nil
		}
		if cmd.Cla&claSMMask != 0 {
			// Secure messaging before any was agreed: the objects cannot be checked.
			return sw(iso7816.SWSMObjectsIncorrect), nil
		}
		resp, err := c.process(cmd, false, math.MaxInt)
		return resp.Bytes(), err
	}
	return c.transmitSM(raw, cmd)
}

// transmitSM answers a command while a secure channel is open. ICAO 9303-11 §9.8.5:
// a plain command, or one whose objects or checksum do not verify, is answered plain
// with 6987 / 6988 and the chip forgets the session keys; every other answer, errors
// included, is protected.
func (c *Chip) transmitSM(raw []byte, outer iso7816.Command) ([]byte, error) {
	a := &c.session.auth
	if outer.Cla&claSMMask != claSMMask {
		a.drop()
		return sw(swSMObjectsMissing), nil
	}
	cmd, err := a.sm.UnwrapCommand(raw)
	if err != nil {
		a.drop()
		return sw(smErrorStatus(err)), nil
	}
	if c.cfg.NoExtended && (outer.Extended || cmd.Extended) {
		// Refused after unwrapping, so both send sequence counters stay in step and the
		// reader can step down to short APDUs without running BAC or PACE again.
		return c.answerSM(iso7816.Response{SW: iso7816.SWWrongLength})
	}
	// The protected answer must fit the outer Le: with a short Le at most 256 bytes, so
	// at most 223 plaintext bytes with AES and 231 with 3DES (padding, DO'87', DO'99',
	// DO'8E'). A chip cannot send what does not fit, so it refuses the read.
	limit := outer.Ne
	if limit == 0 {
		limit = maxShortResponseNe
	}
	resp, err := c.process(cmd, true, maxPlaintext(limit, a.blockSize))
	if err != nil {
		return nil, err
	}
	out, err := c.answerSM(resp)
	if next := a.next; next != nil && a.sm != nil {
		a.establish(next) // ICAO 9303-11 §6.2.4.2: chip authentication's keys, SSC 0
	}
	return out, err
}

// answerSM answers a command received under secure messaging: protected, or, when
// Config.PlainErrors asks for it, an error without data as a bare status word,
// after which the chip forgets the session as the passports that do this do.
func (c *Chip) answerSM(resp iso7816.Response) ([]byte, error) {
	if c.cfg.PlainErrors && len(resp.Data) == 0 && resp.SW != iso7816.SWOK {
		c.session.auth.drop()
		return sw(resp.SW), nil
	}
	return c.wrap(resp)
}

// maxPlaintext is the most response data whose protected form fits limit bytes.
func maxPlaintext(limit, blockSize int) int {
	n := limit
	for n > 0 && wrappedLen(n, blockSize) > limit {
		n--
	}
	return n
}

// wrap protects resp with the open channel and, when Config.CorruptMAC asks for it,
// flips a bit of the checksum (the last byte of DO'8E', just before SW1 SW2).
func (c *Chip) wrap(resp iso7816.Response) ([]byte, error) {
	a := &c.session.auth
	out, err := a.sm.WrapResponse(resp)
	if err != nil {
		a.drop()
		return sw(iso7816.SWSMObjectsIncorrect), nil
	}
	if c.cfg.CorruptMAC && len(out) >= 3 {
		out[len(out)-3] ^= 0x01
	}
	return out, nil
}

// wrappedLen is the length of the protected response data for n plaintext bytes and a
// cipher block size (ICAO 9303-11 §9.8.4): DO'87' with the padding-content indicator
// and the padded cryptogram, DO'99' with the status word, DO'8E' with an 8-byte MAC.
func wrappedLen(n, blockSize int) int {
	const do99, do8E = 4, 10
	if n == 0 {
		return do99 + do8E
	}
	v := 1 + (n/blockSize+1)*blockSize // indicator 01 and ISO/IEC 9797-1 method 2 padding
	hdr := 2
	switch {
	case v > 0xFF:
		hdr = 4
	case v > 0x7F:
		hdr = 3
	}
	return hdr + v + do99 + do8E
}

// process answers a command after any secure messaging has been removed; maxData is
// the most response data the transport can carry back.
func (c *Chip) process(cmd iso7816.Command, protected bool, maxData int) (iso7816.Response, error) {
	switch cmd.Ins {
	case insSelect:
		return c.selectFile(cmd), nil
	case insReadBinary:
		return c.readBinary(cmd, maxData)
	case insGetChallenge, insExternalAuth:
		if !c.cfg.offersBAC() {
			return iso7816.Response{SW: iso7816.SWInsNotSupported}, nil
		}
		if protected {
			return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}, nil
		}
		return c.bac(cmd), nil
	case insInternalAuth:
		return c.internalAuthenticate(cmd, protected), nil
	case insManageSE, insGeneralAuth:
		if protected {
			return c.chipAuthenticate(cmd), nil
		}
		if !c.cfg.offersPACE() {
			return iso7816.Response{SW: iso7816.SWInsNotSupported}, nil
		}
		return c.runPACE(cmd), nil
	}
	return iso7816.Response{SW: iso7816.SWInsNotSupported}, nil
}

// pseudoAPDU answers the PC/SC pseudo-APDUs (class FF) that vpcd passes to the card
// because no reader firmware is there to answer them (PC/SC Part 3 §3.2.2.1.3).
func (c *Chip) pseudoAPDU(cmd iso7816.Command) iso7816.Response {
	if cmd.Ins != insGetData {
		return iso7816.Response{SW: iso7816.SWInsNotSupported}
	}
	if cmd.P1 != 0 || cmd.P2 != 0 {
		return iso7816.Response{SW: swIncorrectP1P2}
	}
	// ISO/IEC 14443-3: a random single-size UID starts with 08; eMRTDs use one.
	return iso7816.Response{Data: []byte{0x08, 0x4D, 0x52, 0x54}, SW: iso7816.SWOK}
}
