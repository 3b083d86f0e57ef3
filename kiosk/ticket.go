package kiosk

import (
	"context"
	"image"
	"log/slog"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
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
	bring    *widget.Label     // what to bring to the counter; hidden when the service asks nothing
	again    *widget.Label     // "you had already checked in"; empty otherwise
	printing *widget.Label     // printing, printed, or the printer failed
	reprint  *widget.Button    // shown while a ticket that did not print waits in the spool
	reprints fyne.CanvasObject // the button at its size: hidden with it, so it takes no room
	buttons  *fyne.Container   // the row of reprint and done, laid out again when reprint comes and goes
	failed   printer.JobID     // that ticket's job; 0 when none waits
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
	t.reprint = s.button(widget.MediumImportance, t.onReprint)
	// Beside the preview (demo mode) the two buttons share what the number leaves; alone,
	// "Done" keeps its large touch target.
	doneWidth := float32(480)
	if s.opt.Demo {
		doneWidth = 300
	}
	t.reprints = sized(t.reprint, fyne.NewSize(0, 100))
	t.buttons = container.NewCenter(container.NewHBox(t.reprints, sized(t.done, fyne.NewSize(doneWidth, 100))))
	t.showReprint(false)
	info := container.NewVBox(layout.NewSpacer(), t.heading, t.number, t.service, t.area, t.bring, t.wait,
		t.again, t.printing, layout.NewSpacer(),
		t.buttons,
		layout.NewSpacer())
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

// printed says how printing job went. A ticket that did not print waits in the spool, and
// "Print again" prints it once more when the citizen (or staff, after fixing the paper)
// asks: never by itself, so a number is never handed out twice unasked.
func (t *ticketScreen) printed(job printer.JobID, err error) {
	if err != nil {
		t.failed = job
		t.printing.Importance = widget.DangerImportance
		t.printing.SetText(printProblem(err, t.number.Text))
		t.showReprint(true)
		return
	}
	t.failed = 0
	t.showReprint(false)
	t.printing.Importance = widget.MediumImportance
	t.printing.SetText(lang.L("Please take your ticket."))
}

// onReprint prints the ticket waiting in the spool again.
func (t *ticketScreen) onReprint() {
	s, job := t.s, t.failed
	if job == 0 {
		return
	}
	s.do(func() func() {
		ctx, cancel := context.WithTimeout(context.Background(), s.opt.PrintTimeout)
		defer cancel()
		err := s.spool.Reprint(ctx, job)
		if err != nil {
			slog.Error("kiosk: print ticket again", "err", err)
		}
		return func() {
			t.printed(job, err)
			s.idle.arm(s.opt.IdleTimeout, s.expire)
		}
	})
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
	t.reprint.SetText(lang.L("Print again"))
}

func (t *ticketScreen) clear() {
	t.number.Text = ""
	t.number.Refresh()
	for _, l := range []*widget.Label{t.service, t.wait, t.area, t.bring, t.again, t.printing} {
		l.SetText("")
	}
	t.preview.Image = nil
	t.preview.Refresh()
	// The citizen has gone: a ticket that did not print is no one's to print any more.
	if t.s.spool != nil {
		for _, j := range t.s.spool.Failed() {
			_ = t.s.spool.Discard(j.ID) // one still printing stays, and goes at the next clear
		}
	}
	t.failed = 0
	t.showReprint(false)
}

func (t *ticketScreen) showReprint(on bool) {
	for _, o := range []fyne.CanvasObject{t.reprint, t.reprints} {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	t.buttons.Refresh()
}
