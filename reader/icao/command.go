package icao

import (
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// parseCommand decodes a command APDU in short or extended form (ISO/IEC 7816-4
// §5.1, cases 1 to 4). Channel and the card side receive commands as bytes.
func parseCommand(raw []byte) (iso7816.Command, error) {
	if len(raw) < 4 {
		return iso7816.Command{}, fmt.Errorf("command APDU of %d bytes has no header", len(raw))
	}
	c := iso7816.Command{Cla: raw[0], Ins: raw[1], P1: raw[2], P2: raw[3]}
	body := raw[4:]
	switch {
	case len(body) == 0: // case 1
		return c, nil
	case len(body) == 1: // case 2 short
		c.Ne = int(body[0])
		if c.Ne == 0 {
			c.Ne = 256
		}
		return c, nil
	case body[0] != 0: // case 3 or 4 short
		n := int(body[0])
		switch len(body) {
		case 1 + n:
		case 2 + n:
			c.Ne = int(body[1+n])
			if c.Ne == 0 {
				c.Ne = 256
			}
		default:
			return iso7816.Command{}, fmt.Errorf("command APDU: Lc %d does not match %d body bytes", n, len(body))
		}
		c.Data = body[1 : 1+n : 1+n]
		return c, nil
	}
	// Extended length: body starts with 00.
	c.Extended = true
	if len(body) == 3 { // case 2 extended
		c.Ne = int(body[1])<<8 | int(body[2])
		if c.Ne == 0 {
			c.Ne = 65536
		}
		return c, nil
	}
	if len(body) < 3 {
		return iso7816.Command{}, fmt.Errorf("command APDU: extended length field truncated")
	}
	n := int(body[1])<<8 | int(body[2])
	if n == 0 {
		return iso7816.Command{}, fmt.Errorf("command APDU: extended Lc of zero")
	}
	switch len(body) {
	case 3 + n:
	case 5 + n:
		c.Ne = int(body[3+n])<<8 | int(body[4+n])
		if c.Ne == 0 {
			c.Ne = 65536
		}
	default:
		return iso7816.Command{}, fmt.Errorf("command APDU: extended Lc %d does not match %d body bytes", n, len(body))
	}
	c.Data = body[3 : 3+n : 3+n]
	return c, nil
}
