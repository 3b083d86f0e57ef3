package kiosk

import (
	"image"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// ticketScreen shows the ticket: the number huge, the service, the wait, where to sit,
// what to bring to the counter, and whether the paper ticket printed. In demo mode the slip's preview stands beside it.
type ticketScreen struct {
	s        *SelfService
	heading  *widget.Label
	number   *canvas.Text
	service  *widget.Label
	wait     *widget.Label
	area     *widget.Label
	bring    *widget.Label // what to bring to the counter; hidden when the service asks nothing
	again    *widget.Label // "you had already checked in"; empty otherwise
	printing *widget.Label // printing, printed, or the printer failed
	done     *widget.Button
	preview  *canvas.Image // the slip as printed; demo mode only
	box      fyne.CanvasObject
}

func newTicket(s *SelfService) *ticketScreen {
	t := &ticketScreen{s: s, heading: text(), service: heading(), wait: text(), area: text(),
		bring: text(),
		again: text(), printing: text(),
		number: &canvas.Text{Color: navy, TextSize: 200, Alignment: fyne.TextAlignCenter,
			TextStyle: fyne.TextStyle{Bold: true}},
		preview: &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth},
	}
	t.heading.SizeName = theme.SizeNameSubHeadingText
	t.area.TextStyle.Bold = true
	t.bring.Wrapping = fyne.TextWrapWord
	t.bring.Alignment = fyne.TextAlignCenter
	t.done = s.button(widget.HighImportance, s.reset)
	info := container.NewVBox(layout.NewSpacer(), t.heading, t.number, t.service, t.area, t.bring, t.wait,
		t.again, t.printing, layout.NewSpacer(),
		container.NewCenter(sized(t.done, fyne.NewSize(480, 100))), layout.NewSpacer())
	var right fyne.CanvasObject
	if s.opt.Demo {
		// The preview takes 420 px beside the number; keep "A042" clear of the edge.
		t.number.TextSize = 170
		t.preview.SetMinSize(fyne.NewSize(420, 760))
		right = container.NewPadded(t.preview)
	}
	t.box = container.NewBorder(nil, nil, nil, right, info)
	return t
}

// set shows the visit's ticket and, in demo mode, the slip's preview.
func (t *ticketScreen) set(v booking.Visit, preview image.Image) {
	t.number.Text = v.Ticket.Number
	t.number.Refresh()
	t.service.SetText(v.Service.Name(t.s.lang))
	t.wait.SetText(waitText(v))
	t.area.SetText(areaText(v.Service, t.s.lang))
	t.bring.SetText(bringText(v.Service, t.s.lang))
	t.bring.Hide() // an empty label would still take a line
	if t.bring.Text != "" {
		t.bring.Show()
	}
	t.again.SetText("")
	t.again.Hide() // an empty label would still take a line
	if v.Again {
		t.again.SetText(lang.L("You have already checked in. Here is your number again."))
		t.again.Show()
	}
	t.printing.Importance = widget.MediumImportance
	t.printing.SetText(lang.L("Your ticket is printing…"))
	t.preview.Image = preview
	t.preview.Refresh()
}

// printed says how printing went.
func (t *ticketScreen) printed(err error) {
	if err != nil {
		t.printing.Importance = widget.DangerImportance
		t.printing.SetText(printProblem(err, t.number.Text))
		return
	}
	t.printing.SetText(lang.L("Please take your ticket."))
}

// noPrinter says there will be no paper ticket.
func (t *ticketScreen) noPrinter() {
	t.printing.SetText(lang.L("Please remember your number."))
}

// areaText is "Please take a seat in Waiting area B" in language, or "" for a service
// that names no area.
func areaText(s booking.Service, language string) string {
	area := s.WaitingArea(language)
	if area == "" {
		return ""
	}
	return lang.L("Please take a seat in {{.Area}}", map[string]any{"Area": area})
}

// bringText is "Please bring" and, on the next line, the service's text in language ("Valid
// photo ID with a chip: …"), or "" when the service asks for nothing. The service's text is
// a sentence of its own, so it is not run into the heading.
func bringText(s booking.Service, language string) string {
	bring := s.ToBring(language)
	if bring == "" {
		return ""
	}
	return lang.L("Please bring") + "\n" + bring
}

// waitText is "About 12 minutes · 3 people ahead of you", or "You are next".
func waitText(v booking.Visit) string {
	if v.Ahead <= 0 {
		return lang.L("You are next")
	}
	minutes := max(1, int(math.Ceil(v.Wait.Minutes())))
	return lang.N("About {{.Count}} minutes", minutes, map[string]any{"Count": minutes}) + " · " +
		lang.N("{{.Count}} people ahead of you", v.Ahead, map[string]any{"Count": v.Ahead})
}

func (t *ticketScreen) content() fyne.CanvasObject { return t.box }

func (t *ticketScreen) translate() {
	t.heading.SetText(lang.L("Your number"))
	t.done.SetText(lang.L("Done"))
}

func (t *ticketScreen) clear() {
	t.number.Text = ""
	t.number.Refresh()
	for _, l := range []*widget.Label{t.service, t.wait, t.area, t.bring, t.again, t.printing} {
		l.SetText("")
	}
	t.preview.Image = nil
	t.preview.Refresh()
}
