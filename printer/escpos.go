package printer

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/printer/internal/qr"
)

// Command bytes, named as in the Epson ESC/POS Application Programming Guide.
const (
	esc = 0x1B
	gs  = 0x1D
	lf  = 0x0A
)

// codePage865 is the ESC t n number of "PC865: Nordic" on Epson printers.
const codePage865 = 5

// ruleChar is "─" (U+2500) in code page 865; a rule is a row of them, which
// every ESC/POS printer draws as a continuous line without raster graphics.
const ruleChar = 0xC4

// qrModuleDots is the width of one QR module (GS ( k fn 167). Six dots at
// 203 dpi are 0.75 mm: a version 10 symbol is 342 dots, well inside 576,
// and phone cameras read it at arm's length.
const qrModuleDots = 6

// ESCPOS encodes the slip as Epson ESC/POS: ESC @ (initialize), ESC t 5
// (code page 865), the lines, and GS V 66 0 (feed to the cutter and cut
// partially, so the slip hangs on for the citizen to take). Text is passed
// through [Printable] first, so only a QR payload that is too long fails.
func (s Slip) ESCPOS() ([]byte, error) {
	e := encoder{}
	e.buf.Write([]byte{esc, '@', esc, 't', codePage865})
	for i, l := range s.Lines {
		if err := e.line(l.canonical()); err != nil {
			return nil, fmt.Errorf("encode slip line %d: %w", i, err)
		}
	}
	e.buf.Write([]byte{gs, 'V', 66, 0})
	return e.buf.Bytes(), nil
}

// encoder tracks the printer's modes so that a mode command is sent only
// when it changes; after ESC @ they are left, normal, not bold.
type encoder struct {
	buf   bytes.Buffer
	align Align
	size  Size
	bold  bool
}

func (e *encoder) line(l Line) error {
	switch {
	case l.QR != "":
		if len(l.QR) > qr.MaxBytes {
			return fmt.Errorf("%w: %d bytes, at most %d", ErrQRTooLong, len(l.QR), qr.MaxBytes)
		}
		e.setAlign(l.Align) // ESC a positions the QR symbol as it does text
		e.qr(l.QR)
	case l.Rule:
		e.setAlign(Center)
		e.setSize(Normal)
		e.setBold(false)
		e.buf.Write(bytes.Repeat([]byte{ruleChar}, usableColumns))
		e.buf.WriteByte(lf)
	case l.Text != "":
		e.setAlign(l.Align)
		e.setSize(l.Size)
		e.setBold(l.Bold)
		for _, part := range strings.Split(Printable(l.Text), "\n") {
			e.buf.Write(encodeCP865(part))
			e.buf.WriteByte(lf)
		}
	default:
		e.buf.WriteByte(lf)
	}
	if l.Feed > 0 {
		e.buf.Write([]byte{esc, 'd', byte(l.Feed)}) // ESC d n: print and feed n lines
	}
	return nil
}

// setAlign sends ESC a n (0 left, 1 centre, 2 right).
func (e *encoder) setAlign(a Align) {
	if a != e.align {
		e.buf.Write([]byte{esc, 'a', byte(a)})
		e.align = a
	}
}

// setSize sends GS ! n, whose high nibble is width-1 and low nibble height-1.
func (e *encoder) setSize(s Size) {
	if s != e.size {
		w, h := s.magnification()
		e.buf.Write([]byte{gs, '!', byte((w-1)<<4 | (h - 1))})
		e.size = s
	}
}

// setBold sends ESC E n (emphasized mode on when n is odd).
func (e *encoder) setBold(b bool) {
	if b != e.bold {
		n := byte(0)
		if b {
			n = 1
		}
		e.buf.Write([]byte{esc, 'E', n})
		e.bold = b
	}
}

// qr sends the GS ( k sequence for a QR code (cn = 49 '1'):
// fn 165 model 2, fn 167 module size, fn 169 error correction M,
// fn 180 store the data, fn 181 print the stored symbol.
func (e *encoder) qr(payload string) {
	e.gsParenK(65, '2', 0)                             // fn 165: model 2
	e.gsParenK(67, qrModuleDots)                       // fn 167: module size in dots
	e.gsParenK(69, '1')                                // fn 169: 49 = level M (15 % recovery)
	e.gsParenK(80, append([]byte{'0'}, payload...)...) // fn 180: store, m = 48
	e.gsParenK(81, '0')                                // fn 181: print, m = 48
}

// gsParenK writes GS ( k pL pH cn fn params, where pL + pH×256 counts cn,
// fn and params.
func (e *encoder) gsParenK(fn byte, params ...byte) {
	n := len(params) + 2
	e.buf.Write([]byte{gs, '(', 'k', byte(n), byte(n >> 8), '1', fn})
	e.buf.Write(params)
}
