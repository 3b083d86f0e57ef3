package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// walkIn offers a ticket without an appointment: one big button per service.
type walkIn struct {
	s        *SelfService
	title    *widget.Label
	services []booking.Service
	buttons  map[string]*widget.Button // by service ID
	list     *fyne.Container
	back     *widget.Button
	box      fyne.CanvasObject
}

func newWalkIn(s *SelfService) *walkIn {
	w := &walkIn{s: s, title: heading(), buttons: map[string]*widget.Button{}, list: container.NewVBox()}
	w.back = s.button(widget.MediumImportance, s.home)
	w.box = container.NewBorder(
		w.title,
		container.NewPadded(container.NewGridWithColumns(2, w.back, layout.NewSpacer())), nil, nil,
		container.NewVBox(layout.NewSpacer(), container.NewCenter(w.list), layout.NewSpacer()),
	)
	return w
}

// setServices makes a button for each service.
func (w *walkIn) setServices(services []booking.Service) {
	w.services = services
	w.buttons = make(map[string]*widget.Button, len(services))
	w.list.RemoveAll()
	for _, svc := range services {
		b := w.s.button(widget.HighImportance, func() { w.s.takeWalkIn(svc.ID) })
		w.buttons[svc.ID] = b
		w.list.Add(sized(b, fyne.NewSize(760, 150)))
	}
	w.translate()
}

func (w *walkIn) content() fyne.CanvasObject { return w.box }

func (w *walkIn) translate() {
	w.title.SetText(lang.L("What have you come for?"))
	w.back.SetText(lang.L("Back"))
	for _, svc := range w.services {
		w.buttons[svc.ID].SetText(svc.Name(w.s.lang))
	}
}

// clear has nothing to forget: the list of services is the same for everyone.
func (w *walkIn) clear() {}
