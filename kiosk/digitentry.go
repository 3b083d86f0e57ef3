package kiosk

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// placeholder stands for a digit not typed yet. An underscore would run into its
// neighbours at this size and read as a line.
const placeholder = '·'

// digitEntry is a fixed number of digits typed on the on-screen keypad (a booking code, a
// birth date), shown large in groups with "·" for the digits still to come. OK is enabled
// only once every digit is there.
type digitEntry struct {
	digits  string
	length  int    // digits wanted
	group   int    // digits between separators
	sep     string // "1234 5678", "24.03.85"
	display *canvas.Text
	keys    map[string]*widget.Button // "0"–"9", keyDelete, keyOK
}

func newDigitEntry(length, group int, sep string) digitEntry {
	return digitEntry{length: length, group: group, sep: sep, display: codeText(),
		keys: map[string]*widget.Button{}}
}

// key applies one keypad key and reports whether it was OK with every digit typed,
// which the screen then acts on.
func (e *digitEntry) key(k string) (complete bool) {
	switch k {
	case keyOK:
		return len(e.digits) == e.length
	case keyDelete:
		if e.digits != "" {
			e.digits = e.digits[:len(e.digits)-1]
		}
	default:
		if len(e.digits) < e.length {
			e.digits += k
		}
	}
	e.update()
	return false
}

// reset forgets every digit typed.
func (e *digitEntry) reset() {
	e.digits = ""
	e.update()
}

func (e *digitEntry) update() {
	e.display.Text = groupDigits(e.digits, e.length, e.group, e.sep)
	e.display.Refresh()
	if len(e.digits) == e.length {
		e.keys[keyOK].Enable()
	} else {
		e.keys[keyOK].Disable()
	}
}

// codeText makes the large display of typed digits.
func codeText() *canvas.Text {
	return &canvas.Text{Color: navy, TextSize: 84, Alignment: fyne.TextAlignCenter,
		TextStyle: fyne.TextStyle{Monospace: true, Bold: true}}
}

// groupDigits pads digits with "·" to n and puts sep after every group digits.
func groupDigits(digits string, n, group int, sep string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 && i%group == 0 {
			b.WriteString(sep)
		}
		if i < len(digits) {
			b.WriteByte(digits[i])
		} else {
			b.WriteRune(placeholder)
		}
	}
	return b.String()
}
