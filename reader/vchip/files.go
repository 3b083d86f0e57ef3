package vchip

import (
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// Status words the chip answers beyond those iso7816 names (ISO/IEC 7816-4 §5.1.3).
const (
	swSMObjectsMissing uint16 = 0x6987 // expected secure-messaging data objects missing
	swNoCurrentEF      uint16 = 0x6986 // command not allowed: no current EF
	swIncorrectP1P2    uint16 = 0x6A86 // incorrect parameters P1-P2
	swWrongLe          uint16 = 0x6C00 // wrong Le; SW2 gives the exact length
)

// Instruction bytes the chip understands (ISO/IEC 7816-4 §11, ICAO 9303-11 §4).
const (
	insSelect          = 0xA4
	insReadBinary      = 0xB0
	insGetChallenge    = 0x84
	insExternalAuth    = 0x82
	insManageSE        = 0x22
	insGeneralAuth     = 0x86
	insGetData         = 0xCA // pseudo-APDU FF CA: the reader's "get UID"
	claProprietary     = 0xFF
	claSMMask          = 0x0C // CLA bits b4 b3: secure messaging indication
	maxShortResponseNe = 256
)

// selectFile handles SELECT (ISO/IEC 7816-4 §11.2.2): by DF name (P1 04) for the eMRTD
// application, by file identifier (P1 00 or 02) for the master file and the EFs of the
// current DF. No FCI is returned whatever P2 asks; eMRTD readers send P2 0C.
func (c *Chip) selectFile(cmd iso7816.Command) iso7816.Response {
	switch cmd.P1 {
	case 0x04:
		if string(cmd.Data) != string(aid) {
			return iso7816.Response{SW: iso7816.SWFileNotFound}
		}
		c.session.appSelected, c.session.current = true, nil
		return iso7816.Response{SW: iso7816.SWOK}
	case 0x00, 0x02:
		if len(cmd.Data) == 0 && cmd.P1 == 0x00 || len(cmd.Data) == 2 && cmd.Data[0] == 0x3F && cmd.Data[1] == 0x00 {
			c.session.appSelected, c.session.current = false, nil
			return iso7816.Response{SW: iso7816.SWOK}
		}
		if len(cmd.Data) != 2 {
			return iso7816.Response{SW: iso7816.SWWrongLength}
		}
		f := c.lookup(lds.File(uint16(cmd.Data[0])<<8 | uint16(cmd.Data[1])))
		if f == nil {
			return iso7816.Response{SW: iso7816.SWFileNotFound}
		}
		c.session.current = f
		return iso7816.Response{SW: iso7816.SWOK}
	}
	return iso7816.Response{SW: swIncorrectP1P2}
}

// lookup finds an EF of the current DF by its file identifier.
func (c *Chip) lookup(id lds.File) *file {
	if f := c.files[id]; f != nil && c.visible(id, f) {
		return f
	}
	return nil
}

// lookupSFI finds an EF of the current DF by its short file identifier. SFIs are
// unique within a DF only: 01 is EF.ATR/INFO in the master file and DG1 in the
// eMRTD application.
func (c *Chip) lookupSFI(sfi byte) *file {
	for id, f := range c.files {
		if id.SFI() == sfi && c.visible(id, f) {
			return f
		}
	}
	return nil
}

// visible reports whether f belongs to the current DF. EF.CardAccess lives in the
// master file but, as on many real chips, stays readable after the application is
// selected.
func (c *Chip) visible(id lds.File, f *file) bool {
	return f.inMF != c.session.appSelected || id == lds.CardAccess
}

// readBinary handles READ BINARY with even INS (ISO/IEC 7816-4 §11.3.3): a 15-bit offset
// in P1-P2, or with P1 b8 set a short file identifier in P1 b5..b1 and an 8-bit offset
// in P2, which also selects that file. A read of more than maxData bytes is refused
// with 6700.
func (c *Chip) readBinary(cmd iso7816.Command, maxData int) (iso7816.Response, error) {
	f, offset := c.session.current, int(cmd.P1)<<8|int(cmd.P2)
	if cmd.P1&0x80 != 0 {
		if cmd.P1&0x60 != 0 || c.cfg.NoSFI {
			return iso7816.Response{SW: swIncorrectP1P2}, nil
		}
		if f = c.lookupSFI(cmd.P1 & 0x1F); f == nil {
			return iso7816.Response{SW: iso7816.SWFileNotFound}, nil
		}
		c.session.current, offset = f, int(cmd.P2)
	}
	switch {
	case f == nil:
		return iso7816.Response{SW: swNoCurrentEF}, nil
	case f.protected && !c.cfg.Unprotected && !c.session.auth.open():
		return iso7816.Response{SW: iso7816.SWSecurityNotSatisfied}, nil
	case cmd.Ne == 0:
		return iso7816.Response{SW: iso7816.SWWrongLength}, nil
	case c.cfg.MaxLe > 0 && cmd.Ne > c.cfg.MaxLe:
		// Real chips differ here; short Le gets the ISO "wrong Le, use SW2" answer,
		// extended Le the plain "wrong length" that most passports give.
		if cmd.Ne <= maxShortResponseNe && c.cfg.MaxLe < maxShortResponseNe {
			return iso7816.Response{SW: swWrongLe | uint16(c.cfg.MaxLe)}, nil
		}
		return iso7816.Response{SW: iso7816.SWWrongLength}, nil
	case offset >= len(f.data):
		return iso7816.Response{SW: iso7816.SWWrongP1P2}, nil
	}
	n := min(cmd.Ne, len(f.data)-offset)
	if n > maxData {
		return iso7816.Response{SW: iso7816.SWWrongLength}, nil
	}
	if c.cfg.DropAfterBytes > 0 && c.served+n > c.cfg.DropAfterBytes {
		c.removed = true
		return iso7816.Response{}, ErrCardRemoved
	}
	c.served += n
	return iso7816.Response{Data: f.data[offset : offset+n], SW: iso7816.SWOK}, nil
}
