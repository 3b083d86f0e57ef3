package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// birthLength is the number of digits in a birth date typed as DDMMYY.
const birthLength = 6

// birthDate is where a citizen without their booking code types their date of birth.
type birthDate struct {
	s          *SelfService
	title      *widget.Label
	hint       *widget.Label
	problem    *widget.Label // why the date was refused; empty otherwise
	digitEntry               // "24.03.85"
	back       *widget.Button
	box        fyne.CanvasObject
}

func newBirthDate(s *SelfService) *birthDate {
	d := &birthDate{s: s, title: heading(), hint: text(), problem: text(),
		digitEntry: newDigitEntry(birthLength, 2, ".")}
	d.problem.Importance = widget.DangerImportance
	pad := newKeypad(s, d.keys, d.press)
	d.back = s.button(widget.MediumImportance, s.startAppointment)
	d.box = container.NewBorder(
		container.NewVBox(d.title, d.hint),
		container.NewPadded(container.NewGridWithColumns(2, d.back, layout.NewSpacer())), nil, nil,
		entryArea(container.NewVBox(container.NewPadded(d.display), d.problem), pad, fyne.NewSize(780, 1000)),
	)
	d.clear()
	return d
}

func (d *birthDate) press(key string) {
	if key == keyOK {
		if d.key(key) {
			d.s.findByBirth(d.digits)
		}
		return
	}
	d.key(key)
	d.setProblem("")
}

// invalid says that the typed date does not exist, and lets the citizen type it again.
func (d *birthDate) invalid() {
	d.reset()
	d.setProblem(lang.L("That date does not exist. Please type day, month and year again."))
}

// setProblem shows why a date was refused; with none, the line takes no room.
func (d *birthDate) setProblem(text string) {
	d.problem.SetText(text)
	if text == "" {
		d.problem.Hide()
	} else {
		d.problem.Show()
	}
}

func (d *birthDate) content() fyne.CanvasObject { return d.box }

func (d *birthDate) translate() {
	d.title.SetText(lang.L("Type your date of birth"))
	d.hint.SetText(lang.L("Day, month and year: 6 digits, for example 240385"))
	d.back.SetText(lang.L("Back"))
	translateKeys(d.keys)
}

func (d *birthDate) clear() {
	d.reset()
	d.setProblem("")
}
