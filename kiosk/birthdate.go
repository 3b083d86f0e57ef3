package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// birthLength is the number of digits in a birth date typed as DDMMYY.
const birthLength = 6

// birthDate is where a citizen without their booking code types their date of birth.
type birthDate struct {
	s       *SelfService
	title   *widget.Label
	hint    *widget.Label
	problem *widget.Label // why the date was refused; empty otherwise
	display *canvas.Text  // "24.03.85", with "·" for digits to come
	digits  string
	keys    map[string]*widget.Button
	back    *widget.Button
	box     fyne.CanvasObject
}

func newBirthDate(s *SelfService) *birthDate {
	d := &birthDate{s: s, title: heading(), hint: text(), problem: text(), display: codeText(),
		keys: map[string]*widget.Button{}}
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
	switch key {
	case keyDelete:
		if d.digits != "" {
			d.digits = d.digits[:len(d.digits)-1]
		}
	case keyOK:
		if len(d.digits) == birthLength {
			d.s.findByBirth(d.digits)
		}
		return
	default:
		if len(d.digits) < birthLength {
			d.digits += key
		}
	}
	d.setProblem("")
	d.update()
}

func (d *birthDate) update() {
	d.display.Text = groupDigits(d.digits, birthLength, 2, ".")
	d.display.Refresh()
	if len(d.digits) == birthLength {
		d.keys[keyOK].Enable()
	} else {
		d.keys[keyOK].Disable()
	}
}

// invalid says that the typed date does not exist, and lets the citizen type it again.
func (d *birthDate) invalid() {
	d.digits = ""
	d.update()
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
	d.digits = ""
	d.setProblem("")
	d.update()
}
