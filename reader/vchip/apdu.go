package vchip

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// errMalformedAPDU is returned by parseCommand when the bytes are not one of the eight
// command APDU cases of ISO/IEC 7816-4 §5.1; the chip answers it with 6700.
var errMalformedAPDU = errors.New("vchip: malformed command APDU")

// parseCommand decodes a raw command APDU (ISO/IEC 7816-4 §5.1, cases 1, 2S, 3S, 4S, 2E,
// 3E and 4E). Extended is set when the command was encoded in extended form, so the chip
// can refuse it when it does not support extended length.
func parseCommand(raw []byte) (iso7816.Command, error) {
	if len(raw) < 4 {
		return iso7816.Command{}, fmt.Errorf("%w: %d bytes, header needs 4", errMalformedAPDU, len(raw))
	}
	c := iso7816.Command{Cla: raw[0], Ins: raw[1], P1: raw[2], P2: raw[3]}
	body := raw[4:]
	switch {
	case len(body) == 0: // case 1
		return c, nil
	case len(body) == 1: // case 2S: Le = 00 means 256
		c.Ne = shortNe(body[0])
		return c, nil
	case body[0] != 0: // case 3S or 4S
		lc := int(body[0])
		switch len(body) {
		case 1 + lc:
		case 2 + lc:
			c.Ne = shortNe(body[1+lc])
		default:
			return iso7816.Command{}, fmt.Errorf("%w: Lc %d with %d body bytes", errMalformedAPDU, lc, len(body))
		}
		c.Data = body[1 : 1+lc]
		return c, nil
	case len(body) == 3: // case 2E: 00 Le1 Le2, 0000 means 65536
		c.Extended = true
		c.Ne = extendedNe(body[1:3])
		return c, nil
	case len(body) < 3:
		return iso7816.Command{}, fmt.Errorf("%w: %d body bytes after 00", errMalformedAPDU, len(body))
	}
	// Case 3E or 4E: 00 Lc1 Lc2 data [Le1 Le2].
	lc := int(binary.BigEndian.Uint16(body[1:3]))
	if lc == 0 {
		return iso7816.Command{}, fmt.Errorf("%w: extended Lc of 0", errMalformedAPDU)
	}
	c.Extended = true
	switch len(body) {
	case 3 + lc:
	case 5 + lc:
		c.Ne = extendedNe(body[3+lc:])
	default:
		return iso7816.Command{}, fmt.Errorf("%w: extended Lc %d with %d body bytes", errMalformedAPDU, lc, len(body))
	}
	c.Data = body[3 : 3+lc]
	return c, nil
}

func shortNe(le byte) int {
	if le == 0 {
		return 256
	}
	return int(le)
}

func extendedNe(le []byte) int {
	n := int(binary.BigEndian.Uint16(le))
	if n == 0 {
		return 65536
	}
	return n
}
