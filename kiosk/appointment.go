package kiosk

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// codeLength is the number of digits in a booking code.
const codeLength = 8

// placeholder stands for a digit not typed yet. An underscore would run into its
// neighbours at this size and read as a line.
const placeholder = '·'

// appointment is where a citizen types the booking code from their confirmation.
type appointment struct {
	s       *SelfService
	title   *widget.Label
	hint    *widget.Label
	display *canvas.Text // the code so far, "1234 5678", with "·" for digits to come
	digits  string
	keys    map[string]*widget.Button // "0"–"9", keyDelete, keyOK
	noCode  *widget.Button            // "I don't have my code": the birth-date path
	back    *widget.Button
	box     fyne.CanvasObject
}

func newAppointment(s *SelfService) *appointment {
	a := &appointment{s: s, title: heading(), hint: text(), keys: map[string]*widget.Button{},
		display: codeText()}
	pad := newKeypad(s, a.keys, a.press)
	a.noCode = s.button(widget.MediumImportance, s.startBirthDate)
	a.back = s.button(widget.MediumImportance, s.home)
	a.box = container.NewBorder(
		container.NewVBox(a.title, a.hint),
		container.NewPadded(container.NewGridWithColumns(2, a.back, a.noCode)), nil, nil,
		entryArea(container.NewPadded(a.display), pad, fyne.NewSize(780, 1000)),
	)
	a.clear()
	return a
}

// codeText makes the large display of typed digits.
func codeText() *canvas.Text {
	return &canvas.Text{Color: navy, TextSize: 84, Alignment: fyne.TextAlignCenter,
		TextStyle: fyne.TextStyle{Monospace: true, Bold: true}}
}

func (a *appointment) press(key string) {
	switch key {
	case keyDelete:
		if a.digits != "" {
			a.digits = a.digits[:len(a.digits)-1]
		}
	case keyOK:
		if len(a.digits) == codeLength {
			a.s.checkIn(a.digits)
		}
		return
	default:
		if len(a.digits) < codeLength {
			a.digits += key
		}
	}
	a.update()
}

func (a *appointment) update() {
	a.display.Text = groupDigits(a.digits, codeLength, 4, " ")
	a.display.Refresh()
	if len(a.digits) == codeLength {
		a.keys[keyOK].Enable()
	} else {
		a.keys[keyOK].Disable()
	}
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

func (a *appointment) content() fyne.CanvasObject { return a.box }

func (a *appointment) translate() {
	a.title.SetText(lang.L("Type your booking code"))
	a.hint.SetText(lang.L("The 8 digits in your booking confirmation"))
	a.noCode.SetText(lang.L("I don't have my code"))
	a.back.SetText(lang.L("Back"))
	translateKeys(a.keys)
}

func (a *appointment) clear() {
	a.digits = ""
	a.update()
}
