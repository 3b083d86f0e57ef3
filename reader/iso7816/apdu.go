// Package iso7816 holds the ISO/IEC 7816-4 pieces that every smart-card conversation
// uses: command and response APDUs in short and extended form, status words, and BER-TLV.
package iso7816

import (
	"context"
	"encoding/binary"
	"fmt"
)

// Transmitter sends one command APDU to a card and returns the response APDU
// (data followed by SW1 SW2). pcsc.Card and the virtual chip satisfy it.
type Transmitter interface {
	Transmit(ctx context.Context, command []byte) ([]byte, error)
}

// Command is a command APDU.
type Command struct {
	Cla, Ins, P1, P2 byte
	Data             []byte
	// Ne is the maximum number of response bytes expected; 0 means none expected (no Le field).
	// 256 in short form and 65536 in extended form are encoded as Le = 00 / 0000.
	Ne int
	// Extended forces extended-length encoding even when short would do.
	Extended bool
}

// IsExtended reports whether c needs, or asks for, extended-length encoding.
func (c Command) IsExtended() bool {
	return c.Extended || len(c.Data) > 255 || c.Ne > 256
}

// Bytes encodes c per ISO/IEC 7816-4 §5.1 (cases 1 to 4, short or extended).
func (c Command) Bytes() ([]byte, error) {
	if len(c.Data) > 65535 {
		return nil, fmt.Errorf("%w: command data of %d bytes is longer than 65535", ErrInvalidCommand, len(c.Data))
	}
	if c.Ne < 0 || c.Ne > 65536 {
		return nil, fmt.Errorf("%w: Ne %d out of range 0..65536", ErrInvalidCommand, c.Ne)
	}
	b := make([]byte, 4, 4+3+len(c.Data)+3)
	b[0], b[1], b[2], b[3] = c.Cla, c.Ins, c.P1, c.P2
	if !c.IsExtended() {
		if len(c.Data) > 0 {
			b = append(b, byte(len(c.Data)))
			b = append(b, c.Data...)
		}
		if c.Ne > 0 {
			b = append(b, byte(c.Ne)) // 256 encodes as 00
		}
		return b, nil
	}
	if len(c.Data) > 0 {
		b = append(b, 0)
		b = binary.BigEndian.AppendUint16(b, uint16(len(c.Data)))
		b = append(b, c.Data...)
	}
	if c.Ne > 0 {
		if len(c.Data) == 0 {
			b = append(b, 0)
		}
		b = binary.BigEndian.AppendUint16(b, uint16(c.Ne)) // 65536 encodes as 0000
	}
	return b, nil
}

// Response is a response APDU.
type Response struct {
	Data []byte
	SW   uint16 // SW1 SW2
}

// ParseResponse splits a raw response into data and status word.
func ParseResponse(raw []byte) (Response, error) {
	if len(raw) < 2 {
		return Response{}, fmt.Errorf("%w: response of %d bytes has no status word", ErrMalformed, len(raw))
	}
	n := len(raw) - 2
	return Response{Data: raw[:n:n], SW: binary.BigEndian.Uint16(raw[n:])}, nil
}

// Bytes encodes r as data followed by SW1 SW2.
func (r Response) Bytes() []byte {
	return binary.BigEndian.AppendUint16(append(make([]byte, 0, len(r.Data)+2), r.Data...), r.SW)
}

// OK reports whether the status word is 9000.
func (r Response) OK() bool { return r.SW == SWOK }

// Status words used by this project (ISO/IEC 7816-4 §5.1.3, ICAO 9303-11).
const (
	SWOK                     uint16 = 0x9000
	SWWarningNoInfo          uint16 = 0x6300 // also: BAC/PACE authentication failed on real chips
	SWEndOfFile              uint16 = 0x6282
	SWWrongLength            uint16 = 0x6700
	SWSecurityNotSatisfied   uint16 = 0x6982
	SWSMObjectsIncorrect     uint16 = 0x6988
	SWConditionsNotSatisfied uint16 = 0x6985
	SWWrongData              uint16 = 0x6A80
	SWFileNotFound           uint16 = 0x6A82
	SWWrongP1P2              uint16 = 0x6B00
	SWInsNotSupported        uint16 = 0x6D00
	SWClaNotSupported        uint16 = 0x6E00
)
