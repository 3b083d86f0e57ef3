package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// codeLength is the number of digits in a booking code.
const codeLength = 8

// appointment is where a citizen types the booking code from their confirmation.
type appointment struct {
	s          *SelfService
	title      *widget.Label
	hint       *widget.Label
	digitEntry                // the code so far, "1234 5678"
	noCode     *widget.Button // "I don't have my code": the birth-date path
	back       *widget.Button
	box        fyne.CanvasObject
}

func newAppointment(s *SelfService) *appointment {
	a := &appointment{s: s, title: heading(), hint: text(), digitEntry: newDigitEntry(codeLength, 4, " ")}
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

func (a *appointment) press(key string) {
	if a.key(key) {
		a.s.checkIn(a.digits)
	}
}

func (a *appointment) content() fyne.CanvasObject { return a.box }

func (a *appointment) translate() {
	a.title.SetText(lang.L("Type your booking code"))
	a.hint.SetText(lang.L("The 8 digits in your booking confirmation"))
	a.noCode.SetText(lang.L("I don't have my code"))
	a.back.SetText(lang.L("Back"))
	translateKeys(a.keys)
}

func (a *appointment) clear() { a.reset() }
