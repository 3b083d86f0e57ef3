package printer

import (
	"strings"
	"unicode/utf8"
)

// A Slip is a document for an 80 mm thermal printer: 576 dots wide, 48
// columns of Font A (12 × 24 dots). Callers should wrap at [Columns], which
// keeps a margin so that 72 mm and 80 mm printers alike print every line on
// one line.
type Slip struct {
	Lines []Line
}

// A Line is one printed line of a Slip. The zero Line is an empty line.
type Line struct {
	Text  string // printed as is after [Printable]; "\n" starts a new printed line
	Align Align
	Size  Size
	Bold  bool
	// QR, when set, makes this line a QR code (model 2, error correction M)
	// with this payload; Text, Size and Bold are then ignored.
	QR string
	// Rule makes this line a horizontal rule, 42 columns wide and centred;
	// Text, Align, Size and Bold are then ignored.
	Rule bool
	// Feed is the number of blank lines after this one.
	Feed int
}

// Align is the horizontal position of a line (ESC a n).
type Align uint8

// The alignments, numbered as ESC a numbers them.
const (
	Left Align = iota
	Center
	Right
)

// Size is a character size (GS ! n). Each size is Font A magnified by whole
// numbers, which is how the printer's bitmap font grows.
type Size uint8

// The sizes, from small to large.
const (
	Normal Size = iota // 1 × 1
	Tall               // 1 wide × 2 high
	Double             // 2 × 2
	Huge               // 4 × 4, for the ticket number
)

// magnification is the width and height multiplier of a size; GS ! n takes
// them as (width-1)<<4 | (height-1).
func (s Size) magnification() (w, h int) {
	switch s {
	case Tall:
		return 1, 2
	case Double:
		return 2, 2
	case Huge:
		return 4, 4
	default:
		return 1, 1
	}
}

// paperColumns is the number of Font A characters on 576 dots; usableColumns
// is what Columns promises callers (42 is what 72 mm print widths hold).
const (
	paperColumns  = 48
	usableColumns = 42
	maxFeed       = 255 // ESC d n takes one byte
)

// Columns is how many characters of size fit on one line with the margin
// every supported printer has: 42 at Normal and Tall, 21 at Double, 10 at
// Huge.
func Columns(size Size) int {
	w, _ := size.magnification()
	return usableColumns / w
}

// TextWidth is the width of s at size, in Font A columns, as printed (after
// [Printable], so "€" counts as the three columns of "EUR").
func TextWidth(s string, size Size) int {
	w, _ := size.magnification()
	return utf8.RuneCountInString(Printable(s)) * w
}

// Wrap breaks s into lines of at most Columns(size) printed characters,
// between words where it can and inside a word only when the word alone is
// too long. Existing line breaks are kept.
func Wrap(s string, size Size) []string {
	width := Columns(size)
	var out []string
	for _, para := range strings.Split(Printable(s), "\n") {
		line := []rune{}
		for _, word := range strings.Fields(para) {
			w := []rune(word)
			for len(w) > width { // a word longer than a line is cut
				if len(line) > 0 {
					out = append(out, string(line))
					line = line[:0]
				}
				out = append(out, string(w[:width]))
				w = w[width:]
			}
			switch {
			case len(w) == 0:
			case len(line) == 0:
				line = append(line, w...)
			case len(line)+1+len(w) <= width:
				line = append(append(line, ' '), w...)
			default:
				out = append(out, string(line))
				line = append(line[:0], w...)
			}
		}
		out = append(out, string(line))
	}
	return out
}

// canonical is the line as the printer will see it: what ESCPOS sends and
// Decode gives back. Attributes that do not show on paper are zeroed.
func (l Line) canonical() Line {
	c := Line{Align: l.Align, Feed: min(max(l.Feed, 0), maxFeed)}
	if c.Align > Right {
		c.Align = Left
	}
	switch {
	case l.QR != "":
		c.QR = l.QR
	case l.Rule:
		c.Rule = true
		c.Align = Center // 42 columns centred: full width on 72 mm, even margins on 80 mm
	case l.Text != "":
		c.Text, c.Size, c.Bold = l.Text, l.Size, l.Bold
		if c.Size > Huge {
			c.Size = Normal
		}
	default:
		c.Align = Left // an empty line has nothing to align
	}
	return c
}
