package reader

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// errRemoved is what fakeCard's transport returns once the card has left.
var errRemoved = errors.New("fake: card removed")

// fakeCard is a plain (no secure messaging) in-memory card with a file system and
// the quirks real chips and readers have, for testing the reading loop.
type fakeCard struct {
	files      map[lds.File][]byte
	noExtended bool // refuse extended-length APDUs with 6700
	maxLe      int  // refuse a larger Ne: with 6Cxx when sixC, else 6700; 0 = no limit
	sixC       bool
	capResp    int // return at most this many bytes, with 9000; 0 = no cap
	removeAt   int // fail the transport once this many file bytes were served; 0 = never
	garbage    bool
	noSFI      bool   // answer 6A86 to READ BINARY by short file identifier
	refuseBody bool   // answer 6700 to every READ BINARY past the header
	statusAt   uint16 // answer this status to every READ BINARY past the header

	current lds.File
	served  int
	apdus   []string // "SELECT", "B0 n ext", ...
	removed bool
}

func (c *fakeCard) Transmit(_ context.Context, apdu []byte) ([]byte, error) {
	if c.removed {
		return nil, errRemoved
	}
	if c.garbage {
		return []byte{0x90}, nil
	}
	cmd, ext, ok := parseAPDU(apdu)
	if !ok {
		return sw(0x6700), nil
	}
	switch cmd.Ins {
	case 0xA4:
		c.apdus = append(c.apdus, "SELECT")
		if cmd.P1 != 0x02 || len(cmd.Data) != 2 {
			return sw(0x6A86), nil
		}
		f := lds.File(binary.BigEndian.Uint16(cmd.Data))
		if _, ok := c.files[f]; !ok {
			return sw(0x6A82), nil
		}
		c.current = f
		return sw(0x9000), nil
	case 0xB0, 0xB1:
		c.apdus = append(c.apdus, readLabel(cmd.Ins, cmd.P1, cmd.Ne, ext))
		if ext && c.noExtended {
			return sw(0x6700), nil
		}
		if c.maxLe > 0 && cmd.Ne > c.maxLe {
			if c.sixC && !ext {
				return sw(0x6C00 | uint16(c.maxLe)), nil
			}
			return sw(0x6700), nil
		}
		offset := int(cmd.P1)<<8 | int(cmd.P2)
		if cmd.Ins == 0xB1 {
			offset = int(cmd.Data[2])<<16 | int(cmd.Data[3])<<8 | int(cmd.Data[4])
		} else if cmd.P1&0x80 != 0 {
			if c.noSFI {
				return sw(0x6A86), nil
			}
			f := lds.File(0)
			for id := range c.files {
				if id.SFI() == cmd.P1&0x1F {
					f = id
				}
			}
			if f == 0 {
				return sw(0x6A82), nil
			}
			c.current, offset = f, int(cmd.P2)
		}
		if offset > 0 && c.refuseBody {
			return sw(0x6700), nil
		}
		if offset > 0 && c.statusAt != 0 {
			return sw(c.statusAt), nil
		}
		data := c.files[c.current]
		if offset >= len(data) {
			return sw(0x6B00), nil
		}
		n := min(cmd.Ne, len(data)-offset)
		if c.capResp > 0 {
			n = min(n, c.capResp)
		}
		if c.removeAt > 0 && c.served+n > c.removeAt {
			c.removed = true
			return nil, errRemoved
		}
		c.served += n
		out := data[offset : offset+n]
		if cmd.Ins == 0xB1 {
			out = append([]byte{0x53, 0x82, byte(n >> 8), byte(n)}, out...)
		}
		status := uint16(0x9000)
		if n < cmd.Ne && offset+n == len(data) {
			status = 0x6282
		}
		return append(append([]byte(nil), out...), byte(status>>8), byte(status)), nil
	}
	return sw(0x6D00), nil
}

func readLabel(ins, p1 byte, ne int, ext bool) string {
	s := "B0"
	if ins == 0xB1 {
		s = "B1"
	}
	if ins == 0xB0 && p1&0x80 != 0 {
		s += " sfi"
	}
	if ext {
		s += " ext"
	}
	return s + " " + itoa(ne)
}

func itoa(n int) string {
	b := []byte{}
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n /= 10; n == 0 {
			return string(b)
		}
	}
}

func sw(s uint16) []byte { return []byte{byte(s >> 8), byte(s)} }

// parseAPDU decodes a command APDU of cases 1 to 4, short or extended (ISO/IEC 7816-4 §5.1).
func parseAPDU(b []byte) (cmd iso7816.Command, ext, ok bool) {
	if len(b) < 4 {
		return cmd, false, false
	}
	cmd = iso7816.Command{Cla: b[0], Ins: b[1], P1: b[2], P2: b[3]}
	body := b[4:]
	switch {
	case len(body) == 0:
		return cmd, false, true
	case len(body) == 1:
		cmd.Ne = int(body[0])
		if cmd.Ne == 0 {
			cmd.Ne = 256
		}
		return cmd, false, true
	case body[0] == 0 && len(body) == 3:
		cmd.Ne = int(binary.BigEndian.Uint16(body[1:]))
		if cmd.Ne == 0 {
			cmd.Ne = 65536
		}
		return cmd, true, true
	case body[0] != 0:
		n := int(body[0])
		if len(body) < 1+n {
			return cmd, false, false
		}
		cmd.Data = body[1 : 1+n]
		if rest := body[1+n:]; len(rest) == 1 {
			cmd.Ne = int(rest[0])
			if cmd.Ne == 0 {
				cmd.Ne = 256
			}
		}
		return cmd, false, true
	}
	return cmd, false, false
}
