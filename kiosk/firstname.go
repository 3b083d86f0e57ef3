package kiosk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// maxNameLength bounds a typed first name, in letters.
const maxNameLength = 30

// firstName asks for the first name when more than one citizen born on the typed day has
// an appointment today. It has its own keyboard, with Æ, Ø and Å.
type firstName struct {
	s       *SelfService
	title   *widget.Label
	hint    *widget.Label
	display *canvas.Text // the name so far
	typed   string
	keys    map[string]*widget.Button // "A"–"Z", "Æ", "Ø", "Å", "-", keySpace, keyDelete, keyOK
	back    *widget.Button
	box     fyne.CanvasObject
}

func newFirstName(s *SelfService) *firstName {
	f := &firstName{s: s, title: heading(), hint: text(), keys: map[string]*widget.Button{},
		display: &canvas.Text{Color: navy, TextSize: 72, Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}}}
	board := newKeyboard(s, f.keys, f.press)
	f.back = s.button(widget.MediumImportance, s.startBirthDate)
	f.box = container.NewBorder(
		container.NewVBox(f.title, f.hint),
		container.NewPadded(container.NewGridWithColumns(2, f.back, layout.NewSpacer())), nil, nil,
		container.NewVBox(layout.NewSpacer(), sized(f.display, fyne.NewSize(0, 110)), layout.NewSpacer(), board, layout.NewSpacer()),
	)
	f.clear()
	return f
}

func (f *firstName) press(key string) {
	switch key {
	case keyDelete:
		if f.typed != "" {
			_, size := utf8.DecodeLastRuneInString(f.typed)
			f.typed = f.typed[:len(f.typed)-size]
		}
	case keyOK:
		if name := f.name(); name != "" {
			f.s.lookUp(f.s.session.birth, name)
		}
		return
	case keySpace:
		if f.typed != "" && !strings.HasSuffix(f.typed, " ") {
			f.typed += " "
		}
	default:
		if utf8.RuneCountInString(f.typed) < maxNameLength {
			f.typed += key
		}
	}
	f.update()
}

// name is the typed name as names are written: "ANNA-SOFIE" becomes "Anna-Sofie".
func (f *firstName) name() string {
	var b strings.Builder
	start := true
	for _, r := range strings.TrimSpace(f.typed) {
		if start {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		start = r == ' ' || r == '-'
	}
	return b.String()
}

func (f *firstName) update() {
	f.display.Text = f.typed
	f.display.Refresh()
	if f.name() != "" {
		f.keys[keyOK].Enable()
	} else {
		f.keys[keyOK].Disable()
	}
}

func (f *firstName) content() fyne.CanvasObject { return f.box }

func (f *firstName) translate() {
	f.title.SetText(lang.L("Type your first name"))
	f.hint.SetText(lang.L("More than one person born on that day has an appointment today."))
	f.back.SetText(lang.L("Back"))
	translateKeys(f.keys)
}

func (f *firstName) clear() {
	f.typed = ""
	f.update()
}
