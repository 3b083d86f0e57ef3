package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// message tells a citizen why they got no ticket and what they can do instead.
type message struct {
	s        *SelfService
	title    *widget.Label
	body     *widget.Label
	action   *widget.Button // what to do instead; hidden when there is nothing
	onAction func()
	home     *widget.Button
	box      fyne.CanvasObject
}

func newMessage(s *SelfService) *message {
	m := &message{s: s, title: heading(), body: text()}
	m.body.SizeName = theme.SizeNameSubHeadingText
	m.action = s.button(widget.HighImportance, func() {
		if m.onAction != nil {
			m.onAction()
		}
	})
	m.home = s.button(widget.MediumImportance, s.home)
	m.box = container.NewBorder(nil,
		container.NewPadded(container.NewGridWithColumns(2, m.home, layout.NewSpacer())), nil, nil,
		container.NewVBox(layout.NewSpacer(), m.title, m.body, layout.NewSpacer(),
			container.NewCenter(sized(m.action, fyne.NewSize(760, 160))), layout.NewSpacer()),
	)
	m.clear()
	return m
}

// set shows title and body, and a button labelled actionText that runs action; with no
// action there is no button.
func (m *message) set(title, body, actionText string, action func()) {
	m.title.SetText(title)
	m.body.SetText(body)
	m.onAction = action
	m.action.SetText(actionText)
	if action == nil {
		m.action.Hide()
	} else {
		m.action.Show()
	}
}

func (m *message) content() fyne.CanvasObject { return m.box }

func (m *message) translate() { m.home.SetText(lang.L("Back to start")) }

// clear forgets the message: it may name an appointment time or a service.
func (m *message) clear() { m.set("", "", "", nil) }
