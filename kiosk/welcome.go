package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// languageNames are the names on the language buttons. Each language is named in itself
// (an endonym reads the same whatever language is on screen), so they are not translated.
var languageNames = map[string]string{"da": "Dansk", "en": "English"}

// welcome is the first screen: the choice of language, and of appointment or not. A hand
// scanner works here at any time (see ListenForScanner).
type welcome struct {
	s         *SelfService
	title     *widget.Label
	subtitle  *widget.Label
	hint      *widget.Label
	languages map[string]*widget.Button // by language code
	booked    *widget.Button            // "I have an appointment"
	walkIn    *widget.Button            // "I have no appointment"
	box       fyne.CanvasObject
}

func newWelcome(s *SelfService) *welcome {
	w := &welcome{s: s, title: heading(), subtitle: text(), hint: text(),
		languages: map[string]*widget.Button{}}
	flags := make([]fyne.CanvasObject, 0, len(Languages))
	for _, code := range Languages {
		b := s.button(widget.MediumImportance, func() { s.setLanguage(code) })
		b.Text = languageNames[code]
		w.languages[code] = b
		flags = append(flags, b)
	}
	w.booked = s.button(widget.HighImportance, s.startAppointment)
	w.walkIn = s.button(widget.HighImportance, s.startWalkIn)
	w.hint.Importance = widget.LowImportance
	choices := container.NewVBox(
		sized(w.booked, fyne.NewSize(760, 200)),
		sized(w.walkIn, fyne.NewSize(760, 200)),
	)
	w.box = container.NewBorder(
		container.NewPadded(container.NewGridWithColumns(len(flags), flags...)),
		container.NewPadded(w.hint), nil, nil,
		container.NewVBox(layout.NewSpacer(), w.title, w.subtitle, layout.NewSpacer(),
			container.NewCenter(choices), layout.NewSpacer()),
	)
	return w
}

func (w *welcome) content() fyne.CanvasObject { return w.box }

func (w *welcome) translate() {
	w.title.SetText(lang.L("Welcome"))
	w.subtitle.SetText(lang.L("Citizen Service"))
	w.booked.SetText(lang.L("I have an appointment"))
	w.walkIn.SetText(lang.L("I have no appointment"))
	w.hint.SetText(lang.L("Have a QR code on your booking confirmation? Hold it under the scanner."))
	for code, b := range w.languages {
		b.Importance = widget.MediumImportance
		if code == w.s.lang {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
}

// clear has nothing to forget: the welcome screen shows nothing personal.
func (w *welcome) clear() {}
