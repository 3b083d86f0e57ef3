package iso7816

import (
	"encoding/binary"
	"fmt"
)

// ParseCommand reads a command APDU, the inverse of Command.Bytes: a card (the virtual
// chip) uses it on what a reader sends. The four cases of ISO/IEC 7816-4 §5.1 are told
// apart by the body's length: after the 4 header bytes, nothing (case 1); Le alone
// (case 2); Lc and data (case 3); Lc, data and Le (case 4). A body opening with 00
// and longer than one byte is in extended form (Lc and Le of 2 bytes after the 00),
// and Extended is set so that Bytes gives the same encoding back.
func ParseCommand(raw []byte) (Command, error) {
	if len(raw) < 4 {
		return Command{}, fmt.Errorf("%w: command APDU of %d bytes has no header", ErrMalformed, len(raw))
	}
	c := Command{Cla: raw[0], Ins: raw[1], P1: raw[2], P2: raw[3]}
	body := raw[4:]
	switch {
	case len(body) == 0: // case 1
		return c, nil
	case len(body) == 1: // case 2 short: Le 00 means 256
		c.Ne = ne(body[0])
		return c, nil
	case body[0] != 0: // cases 3 and 4 short
		n := int(body[0])
		switch len(body) {
		case 1 + n:
			c.Data = body[1 : 1+n : 1+n]
		case 2 + n:
			c.Data = body[1 : 1+n : 1+n]
			c.Ne = ne(body[1+n])
		default:
			return Command{}, fmt.Errorf("%w: command APDU: Lc %d with %d body bytes", ErrMalformed, n, len(body))
		}
		return c, nil
	}
	// Extended form: 00 then 2-byte Le (case 2) or 2-byte Lc, data, optional 2-byte Le.
	c.Extended = true
	if len(body) < 3 {
		return Command{}, fmt.Errorf("%w: command APDU: extended length field truncated", ErrMalformed)
	}
	v := int(binary.BigEndian.Uint16(body[1:3]))
	if len(body) == 3 { // case 2 extended: Le 0000 means 65536
		c.Ne = v
		if v == 0 {
			c.Ne = 65536
		}
		return c, nil
	}
	if v == 0 {
		return Command{}, fmt.Errorf("%w: command APDU: extended Lc of zero", ErrMalformed)
	}
	data := body[3:]
	switch len(data) {
	case v:
	case v + 2:
		c.Ne = int(binary.BigEndian.Uint16(data[v:]))
		if c.Ne == 0 {
			c.Ne = 65536
		}
	default:
		return Command{}, fmt.Errorf("%w: command APDU: extended Lc %d with %d data bytes", ErrMalformed, v, len(data))
	}
	c.Data = data[:v:v]
	return c, nil
}
