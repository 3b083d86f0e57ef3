package printer

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// A DecodedLine is a line read back from ESC/POS bytes. Its Line is in the
// canonical form ESCPOS prints: a rule or a QR code carries no size or
// bold, an empty line no attributes, and blank lines after a line are its
// Feed. A line made only of "─" reads back as a Rule.
type DecodedLine struct {
	Line
	Cut bool // the paper was cut after this line (GS V)
}

// Decode parses ESC/POS bytes as ESCPOS writes them back into lines with
// their attributes, decoding text in code page 865 (or 437 after ESC t 0).
// It is meant for tests that capture what a printer would receive. A
// command this package does not send gives a *DecodeError wrapping
// ErrUnknownCommand, and input that ends inside a command one wrapping
// ErrTruncated; the lines decoded before the error are returned with it.
func Decode(b []byte) ([]DecodedLine, error) {
	d := decoder{in: b, page: charmap.CodePage437}
	for d.pos < len(d.in) {
		if err := d.step(); err != nil {
			return d.lines, err
		}
	}
	if d.text.Len() > 0 { // text without its LF is still on the paper
		d.flush()
	}
	return d.lines, nil
}

type decoder struct {
	in    []byte
	pos   int
	lines []DecodedLine
	text  strings.Builder
	page  *charmap.Charmap
	align Align
	size  Size
	bold  bool
	qr    string // data stored by GS ( k fn 180
}

// need returns the n bytes after the command's first byte, or ErrTruncated.
func (d *decoder) need(start, n int, cmd string) ([]byte, error) {
	if start+n > len(d.in) {
		return nil, &DecodeError{Offset: d.pos, Command: cmd, Err: ErrTruncated}
	}
	return d.in[start : start+n], nil
}

func (d *decoder) unknown(cmd string) error {
	return &DecodeError{Offset: d.pos, Command: cmd, Err: ErrUnknownCommand}
}

func (d *decoder) step() error {
	c := d.in[d.pos]
	switch {
	case c == lf:
		d.flush()
		d.pos++
	case c == '\r': // CR is ignored when LF ends lines (the default)
		d.pos++
	case c == esc:
		return d.escape()
	case c == gs:
		return d.groupSeparator()
	case c == dle:
		return d.realTime()
	case c < 0x20 || c == 0x7F:
		return d.unknown(fmt.Sprintf("0x%02X", c))
	default:
		d.text.WriteRune(d.page.DecodeByte(c))
		d.pos++
	}
	return nil
}

// escape handles the ESC commands ESCPOS sends, and ESC ! which older
// drivers use for bold and size.
func (d *decoder) escape() error {
	p, err := d.need(d.pos+1, 1, "ESC")
	if err != nil {
		return err
	}
	name := "ESC " + string(rune(p[0]))
	if p[0] == '@' { // ESC @: initialize, modes back to their defaults
		d.align, d.size, d.bold, d.page = Left, Normal, false, charmap.CodePage437
		d.pos += 2
		return nil
	}
	arg, err := d.need(d.pos+2, 1, name)
	if err != nil {
		return err
	}
	n := arg[0]
	switch p[0] {
	case 't': // ESC t n: character code table
		switch n {
		case 0:
			d.page = charmap.CodePage437
		case codePage865:
			d.page = charmap.CodePage865
		default:
			return d.unknown(fmt.Sprintf("ESC t %d", n))
		}
	case 'a': // ESC a n: justification, 0–2 or '0'–'2'
		if n >= '0' {
			n -= '0'
		}
		if n > 2 {
			return d.unknown(fmt.Sprintf("ESC a %d", arg[0]))
		}
		d.align = Align(n)
	case 'E': // ESC E n: emphasized when the lowest bit is set
		d.bold = n&1 == 1
	case '!': // ESC ! n: bit 3 emphasized, bit 4 double height, bit 5 double width
		d.bold = n&0x08 != 0
		return d.setSize(1+int(n>>5&1), 1+int(n>>4&1), name)
	case 'd': // ESC d n: print the buffer and feed n lines
		if d.text.Len() > 0 {
			d.flush()
		}
		d.feed(int(n))
	default:
		return d.unknown(name)
	}
	d.pos += 3
	return nil
}

// realTime skips DLE EOT n, the status question a transport asks before a
// job: the printer answers it and prints nothing.
func (d *decoder) realTime() error {
	p, err := d.need(d.pos+1, 2, "DLE")
	if err != nil {
		return err
	}
	if p[0] != eot || (p[1] != statusPrinter && p[1] != statusOffline && p[1] != statusPaper) {
		return d.unknown(fmt.Sprintf("DLE 0x%02X %d", p[0], p[1]))
	}
	d.pos += 3
	return nil
}

// setSize maps a magnification to a Size; others are not ours.
func (d *decoder) setSize(w, h int, cmd string) error {
	for s := Normal; s <= Huge; s++ {
		if sw, sh := s.magnification(); sw == w && sh == h {
			d.size = s
			d.pos += 3
			return nil
		}
	}
	return d.unknown(fmt.Sprintf("%s %d×%d", cmd, w, h))
}

func (d *decoder) groupSeparator() error {
	p, err := d.need(d.pos+1, 1, "GS")
	if err != nil {
		return err
	}
	switch p[0] {
	case '!': // GS ! n: width-1 in the high nibble, height-1 in the low
		arg, err := d.need(d.pos+2, 1, "GS !")
		if err != nil {
			return err
		}
		return d.setSize(int(arg[0]>>4)+1, int(arg[0]&0x0F)+1, "GS !")
	case 'V': // GS V m [n]: cut; m 65/66 take a feed amount n
		arg, err := d.need(d.pos+2, 1, "GS V")
		if err != nil {
			return err
		}
		size := 3
		switch arg[0] {
		case 0, 1, '0', '1':
		case 65, 66:
			if _, err := d.need(d.pos+3, 1, "GS V"); err != nil {
				return err
			}
			size = 4
		default:
			return d.unknown(fmt.Sprintf("GS V %d", arg[0]))
		}
		d.cut()
		d.pos += size
		return nil
	case '(':
		return d.gsParenK()
	}
	return d.unknown("GS " + string(rune(p[0])))
}

// gsParenK handles GS ( k pL pH cn fn … for QR codes (cn 49).
func (d *decoder) gsParenK() error {
	h, err := d.need(d.pos+2, 3, "GS (")
	if err != nil {
		return err
	}
	if h[0] != 'k' {
		return d.unknown("GS ( " + string(rune(h[0])))
	}
	n := int(h[1]) | int(h[2])<<8
	body, err := d.need(d.pos+5, n, "GS ( k")
	if err != nil {
		return err
	}
	if n < 2 || body[0] != '1' {
		return d.unknown("GS ( k (not QR)")
	}
	switch fn, params := body[1], body[2:]; fn {
	case 65, 67, 69: // model, module size, error correction: no effect on text
	case 80: // store data; the first parameter is m = 48
		if len(params) < 1 {
			return &DecodeError{Offset: d.pos, Command: "GS ( k fn 180", Err: ErrTruncated}
		}
		d.qr = string(params[1:])
	case 81: // print the stored symbol, which takes a line of its own
		if d.text.Len() > 0 {
			d.flush()
		}
		d.lines = append(d.lines, DecodedLine{Line: Line{QR: d.qr, Align: d.align}})
	default:
		return d.unknown(fmt.Sprintf("GS ( k fn %d", int(fn)+100))
	}
	d.pos += 5 + n
	return nil
}

// flush ends the current text line.
func (d *decoder) flush() {
	l := Line{Text: d.text.String(), Align: d.align, Size: d.size, Bold: d.bold}
	d.text.Reset()
	if l.Text != "" && strings.Trim(l.Text, "─") == "" {
		l = Line{Rule: true}
	}
	d.lines = append(d.lines, DecodedLine{Line: l.canonical()})
}

// feed adds n blank lines to the last line's Feed, or empty lines at the
// top of the paper.
func (d *decoder) feed(n int) {
	if len(d.lines) == 0 {
		for ; n > 0; n-- {
			d.lines = append(d.lines, DecodedLine{})
		}
		return
	}
	d.lines[len(d.lines)-1].Feed += n
}

func (d *decoder) cut() {
	if d.text.Len() > 0 {
		d.flush()
	}
	if len(d.lines) == 0 {
		d.lines = append(d.lines, DecodedLine{})
	}
	d.lines[len(d.lines)-1].Cut = true
}
