package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// transferScreen sends the ticket at the counter back to the queue for another service:
// one button per service, and Cancel.
type transferScreen struct {
	c       *Counter
	title   *widget.Label
	hint    *widget.Label
	buttons map[string]*widget.Button // by service ID
	list    *fyne.Container
	cancel  *widget.Button
	box     fyne.CanvasObject

	ticket booking.Ticket
}

func newTransferScreen(c *Counter) *transferScreen {
	t := &transferScreen{c: c, title: heading(), hint: text(), buttons: map[string]*widget.Button{},
		list: container.NewGridWithColumns(2)}
	t.cancel = c.button(widget.MediumImportance, func() { c.show(c.queue) })
	t.box = container.NewBorder(container.NewVBox(t.title, t.hint),
		container.NewPadded(container.NewGridWithColumns(3, t.cancel, layout.NewSpacer(), layout.NewSpacer())), nil, nil,
		container.NewVBox(layout.NewSpacer(), container.NewPadded(t.list), layout.NewSpacer()))
	return t
}

// set offers the services other than tk's own.
func (t *transferScreen) set(tk booking.Ticket, services []booking.Service) {
	t.ticket = tk
	t.buttons = map[string]*widget.Button{}
	t.list.RemoveAll()
	for _, svc := range services {
		if svc.ID == tk.ServiceID {
			continue
		}
		b := t.c.button(widget.HighImportance, func() { t.choose(svc.ID) })
		b.Text = svc.Name(t.c.opt.Language)
		t.buttons[svc.ID] = b
		t.list.Add(sized(b, fyne.NewSize(0, 90)))
	}
	t.translate()
}

func (t *transferScreen) choose(serviceID string) {
	number, c := t.ticket.Number, t.c
	c.do(func() func() {
		tk, err := c.opt.Desk.Transfer(number, serviceID)
		return func() { c.queue.transferred(tk, err) }
	})
}

func (t *transferScreen) content() fyne.CanvasObject { return t.box }

func (t *transferScreen) translate() {
	t.title.SetText(lang.L("Transfer {{.Number}}", map[string]any{"Number": t.ticket.Number}))
	t.hint.SetText(lang.L("The ticket goes back to the queue for the service you choose, in its place by arrival."))
	t.cancel.SetText(lang.L("Cancel"))
}

func (t *transferScreen) clear() {
	t.ticket = booking.Ticket{}
	t.buttons = map[string]*widget.Button{}
	t.list.RemoveAll()
}
