package icao

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// BACCard is the chip side of Basic Access Control (ICAO 9303-11 §4.3), for the
// virtual chip. Use Handle for GET CHALLENGE and EXTERNAL AUTHENTICATE, or
// Challenge and ExternalAuthenticate directly. It is not safe for concurrent use.
type BACCard struct {
	kEnc, kMac []byte
	rand       io.Reader
	rndIC      []byte
}

// NewBACCard makes the chip side for the document whose key seed is seed
// (BACKeySeed); rand supplies RND.IC (8 bytes per challenge) and K.IC (16 bytes).
func NewBACCard(seed []byte, rand io.Reader) (*BACCard, error) {
	kEnc, kMac, err := bacKeys(seed)
	if err != nil {
		return nil, err
	}
	return &BACCard{kEnc: kEnc, kMac: kMac, rand: rand}, nil
}

// Challenge draws a new RND.IC, remembers it and returns it (the answer to GET
// CHALLENGE). It returns nil if rand fails.
func (c *BACCard) Challenge() []byte {
	rnd := make([]byte, 8)
	if _, err := io.ReadFull(c.rand, rnd); err != nil {
		c.rndIC = nil
		return nil
	}
	c.rndIC = rnd
	return append([]byte(nil), rnd...)
}

// ExternalAuthenticate checks the terminal's E.IFD || M.IFD against the last
// challenge and returns the chip's E.IC || M.IC and the established session. A
// wrong key or a stale challenge gives ErrAccessDenied (the chip answers 6300).
// The challenge is used up either way.
func (c *BACCard) ExternalAuthenticate(data []byte) (resp []byte, sm *SecureMessaging, err error) {
	rndIC := c.rndIC
	c.rndIC = nil
	if rndIC == nil {
		return nil, nil, fmt.Errorf("BAC external authenticate without a challenge: %w", ErrAccessDenied)
	}
	s, err := openBACCryptogram(c.kEnc, c.kMac, data)
	if err != nil {
		return nil, nil, fmt.Errorf("BAC external authenticate: %w", err)
	}
	// §4.3.1 step 3 (chip): S = RND.IFD || RND.IC || K.IFD; RND.IC must be ours.
	if !bytes.Equal(s[8:16], rndIC) {
		return nil, nil, fmt.Errorf("BAC external authenticate: RND.IC does not match: %w", ErrAccessDenied)
	}
	rndIFD, kIFD := s[:8], s[16:]
	kIC := make([]byte, 16)
	if _, err := io.ReadFull(c.rand, kIC); err != nil {
		return nil, nil, fmt.Errorf("BAC: random K.IC: %w", err)
	}
	resp, err = bacCryptogram(c.kEnc, c.kMac, concat(rndIC, rndIFD, kIC))
	if err != nil {
		return nil, nil, fmt.Errorf("BAC external authenticate: %w", err)
	}
	sm, err = bacSession(kIFD, kIC, rndIC, rndIFD)
	if err != nil {
		return nil, nil, err
	}
	return resp, sm, nil
}

// Handle answers GET CHALLENGE (INS 84) and EXTERNAL AUTHENTICATE (INS 82). When
// authentication succeeds, established is the new session; on a wrong key the
// response is 6300 and err matches ErrAccessDenied. Other commands get 6D00.
func (c *BACCard) Handle(cmd iso7816.Command) (resp iso7816.Response, established *SecureMessaging, err error) {
	switch cmd.Ins {
	case 0x84:
		if cmd.Ne != 8 && cmd.Ne != 256 { // Le 08, or 00 from terminals that do not care
			return iso7816.Response{SW: iso7816.SWWrongLength}, nil, nil
		}
		rnd := c.Challenge()
		if rnd == nil {
			return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}, nil, errors.New("BAC: random RND.IC failed")
		}
		return iso7816.Response{Data: rnd, SW: iso7816.SWOK}, nil, nil
	case 0x82:
		data, sm, err := c.ExternalAuthenticate(cmd.Data)
		if err != nil {
			sw := iso7816.SWWarningNoInfo
			if errors.Is(err, ErrProtocol) {
				sw = iso7816.SWWrongLength
			}
			return iso7816.Response{SW: sw}, nil, err
		}
		return iso7816.Response{Data: data, SW: iso7816.SWOK}, sm, nil
	}
	return iso7816.Response{SW: iso7816.SWInsNotSupported}, nil, nil
}
