package kiosk

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/reader"
)

// readTimeout bounds a chip read, the wait for a card on the reader included, so a read
// nobody cancels still ends with a sentence on screen.
const readTimeout = 2 * time.Minute

// identifyScreen asks for the access key of the citizen's document and reads its chip:
// the MRZ from a document scanner that types like a keyboard (the read starts at its last
// Enter), the MRZ fields typed by hand, or the card's 6-digit CAN. While the chip is read
// a progress bar and Cancel show; a failed read says why and offers Retry. A document
// without a readable chip is checked by eye (visualForm).
type identifyScreen struct {
	c     *Counter
	title *widget.Label
	hint  *widget.Label

	mrz                   *widget.Entry // scanner or hand-typed lines
	number, birth, expiry *widget.Entry
	can                   *widget.Entry
	keyForm               *widget.Form  // each way to give the key, labelled beside its entries
	problem               *widget.Label // what is wrong with the key, or why the read failed

	progress *widget.ProgressBar
	status   *widget.Label
	read     *widget.Button
	retry    *widget.Button
	cancel   *widget.Button // stops a read, or goes back to the queue
	noChip   *widget.Button
	visual   *visualForm

	form, box *fyne.Container

	ticket     string           // the ticket at the counter
	key        reader.AccessKey // the key of the last read, for Retry; personal data
	cancelRead context.CancelFunc
}

func newIdentifyScreen(c *Counter) *identifyScreen {
	i := &identifyScreen{c: c, title: heading(), hint: text(), problem: text(), status: text(),
		progress: &widget.ProgressBar{Max: 1}}
	i.title.Alignment, i.hint.Alignment, i.problem.Alignment = fyne.TextAlignLeading, fyne.TextAlignLeading, fyne.TextAlignLeading
	i.problem.Importance = widget.DangerImportance
	i.mrz = &widget.Entry{MultiLine: true, Wrapping: fyne.TextWrapOff, TextStyle: fyne.TextStyle{Monospace: true}}
	i.mrz.OnChanged = func(s string) {
		c.poke()
		if mrzComplete(s) {
			i.onRead()
		}
	}
	i.number, i.birth, i.expiry, i.can = &widget.Entry{}, &widget.Entry{}, &widget.Entry{}, &widget.Entry{}
	for _, e := range []*widget.Entry{i.number, i.birth, i.expiry, i.can} {
		e.OnChanged = func(string) { c.poke() }
		e.OnSubmitted = func(string) { i.onRead() }
	}
	i.read = c.button(widget.HighImportance, i.onRead)
	i.retry = c.button(widget.HighImportance, i.onRetry)
	i.cancel = c.button(widget.MediumImportance, i.onCancel)
	i.noChip = c.button(widget.MediumImportance, i.onNoChip)
	i.visual = newVisualForm(c)

	// A form puts each label beside its entries: the screen keeps its height for three
	// field errors on a 1366×768 counter screen (TestIdentifyScreensFit).
	i.keyForm = &widget.Form{Items: []*widget.FormItem{
		{Widget: sized(i.mrz, fyne.NewSize(0, 96))},
		{Widget: container.NewGridWithColumns(3, i.number, i.birth, i.expiry)},
		{Widget: container.NewGridWithColumns(2, i.can, layout.NewSpacer())},
	}}
	i.form = container.NewVBox(i.keyForm)
	work := container.NewVBox(i.problem, i.progress, i.status)
	// Each button as wide as its text: the Danish ones are long (TestCounterScreensFit).
	buttons := container.New(shareRow{}, i.cancel, i.noChip, i.retry, i.read)
	i.box = container.NewBorder(container.NewPadded(container.NewVBox(i.title, i.hint)), container.NewPadded(buttons), nil, nil,
		container.NewPadded(container.NewVBox(container.NewStack(i.form, i.visual.box), work)))
	i.clear()
	return i
}

// begin opens the screen for the ticket at the counter, every field empty.
func (i *identifyScreen) begin(ticket string) {
	i.clear()
	i.ticket = ticket
	i.translate()
	if i.c.win != nil {
		i.c.win.Canvas().Focus(i.mrz)
	}
}

func (i *identifyScreen) onRead() {
	if i.c.busy || i.visual.box.Visible() {
		return
	}
	key, problems := i.typedKey()
	if len(problems) > 0 {
		slog.Info("counter: access key refused", "counter", i.c.opt.CounterName, "problems", len(problems))
		say(i.problem, strings.Join(problems, "\n"))
		return
	}
	i.start(key)
}

// typedKey takes the key from whichever way staff gave it: a scanned MRZ first, then the
// three fields, then the CAN.
func (i *identifyScreen) typedKey() (reader.AccessKey, []string) {
	switch {
	case strings.TrimSpace(i.mrz.Text) != "":
		return keyFromMRZText(i.mrz.Text)
	case i.number.Text != "" || i.birth.Text != "" || i.expiry.Text != "":
		return keyFromFields(i.number.Text, i.birth.Text, i.expiry.Text)
	case i.can.Text != "":
		return keyFromCAN(i.can.Text)
	}
	return reader.AccessKey{}, []string{lang.L("Scan the MRZ, type the document number and dates, or type the CAN.")}
}

func (i *identifyScreen) onRetry() {
	if i.key != (reader.AccessKey{}) {
		i.start(i.key)
	}
}

// start reads the chip with key off the UI goroutine; Cancel ends the read.
func (i *identifyScreen) start(key reader.AccessKey) {
	c := i.c
	if c.busy {
		return
	}
	i.key = key
	ctx, cancel := context.WithTimeout(context.Background(), readTimeout)
	i.cancelRead = cancel
	i.working(true)
	say(i.problem, "")
	started, who := c.opt.Clock.Now(), c.recordBase(i.ticket)
	c.do(func() func() {
		defer cancel()
		doc, err := c.opt.Reader.ReadIdentity(ctx, key, func(p reader.Progress) {
			fyne.Do(func() { i.progressed(p) })
		})
		cancelled := ctx.Err() == context.Canceled
		var id *identity
		var auditErr error
		if err == nil && !cancelled {
			id = assess(doc, c.opt.Clock.Now())
			if id.blocked() {
				// A blocked check is recorded at once: nothing follows it.
				auditErr = c.audit(who.identityRecord(id, doc, "blocked", id.blockNames(), c.opt.Clock.Now()))
			}
		}
		return func() {
			i.cancelRead = nil
			i.finished(doc, id, err, cancelled, auditErr, c.opt.Clock.Now().Sub(started))
		}
	})
}

func (i *identifyScreen) onCancel() {
	if i.cancelRead != nil {
		i.cancelRead()
		return
	}
	i.c.endIdentify("")
}

// finished shows the verdict of a read, or why there is none.
func (i *identifyScreen) finished(doc *reader.Document, id *identity, err error, cancelled bool, auditErr error, took time.Duration) {
	i.working(false)
	switch {
	case cancelled:
		slog.Info("counter: chip read cancelled", "counter", i.c.opt.CounterName)
		say(i.status, lang.L("The read was cancelled."))
		i.retry.Show()
	case err != nil:
		slog.Warn("counter: chip read failed", "counter", i.c.opt.CounterName, "err", err)
		say(i.problem, readProblem(err))
		i.retry.Show()
	default:
		slog.Info("counter: chip read", "counter", i.c.opt.CounterName, "protocol", doc.Protocol,
			"verdict", id.verdict, "blocked", id.blockNames(), "ms", took.Milliseconds())
		i.c.verdict.set(id, doc, auditErr)
		i.c.show(i.c.verdict)
	}
}

// working switches between entering a key and reading.
func (i *identifyScreen) working(on bool) {
	i.progress.SetValue(0)
	if on {
		i.progress.Show()
		say(i.status, lang.L("Put the document on the reader…"))
		i.read.Disable()
		i.noChip.Disable()
		i.retry.Hide()
		i.cancel.SetText(lang.L("Cancel the read"))
		return
	}
	i.progress.Hide()
	say(i.status, "")
	i.read.Enable()
	i.noChip.Enable()
	i.cancel.SetText(lang.L("Back to the queue"))
}

// progressed moves the bar: access control, then the files (the photo is most of the
// bytes), then the authenticity checks.
func (i *identifyScreen) progressed(p reader.Progress) {
	if i.cancelRead == nil {
		return // the read has ended; a late report changes nothing
	}
	value, text := progressOf(p)
	if value > i.progress.Value {
		i.progress.SetValue(value)
	}
	say(i.status, text)
}

// progressOf places a step of the read on the bar and names it for staff.
func progressOf(p reader.Progress) (float64, string) {
	frac := 0.0
	if p.Total > 0 {
		frac = float64(p.Done) / float64(p.Total)
	}
	switch p.Step {
	case "wait for card", "pc/sc", "connect":
		return 0, lang.L("Put the document on the reader…")
	case "card access", "pace", "bac", "select application":
		return 0.05 + 0.1*frac, lang.L("Opening the chip…")
	case "EF.COM", "DG1":
		return 0.15 + 0.05*frac, lang.L("Reading the personal data…")
	case "DG2":
		return 0.2 + 0.6*frac, lang.L("Reading the photo…")
	case "active authentication", "chip authentication", "passive authentication":
		return 0.9 + 0.1*frac, lang.L("Checking that the document is genuine…")
	}
	return 0.85, lang.L("Reading the security data…")
}

func (i *identifyScreen) onNoChip() {
	if i.c.busy {
		return
	}
	say(i.problem, "")
	i.form.Hide()
	i.visual.begin()
	i.read.Hide()
	i.noChip.Hide()
	i.retry.Hide()
}

func (i *identifyScreen) content() fyne.CanvasObject { return i.box }

func (i *identifyScreen) translate() {
	i.title.SetText(lang.L("Identify the citizen at {{.Number}}", map[string]any{"Number": i.ticket}))
	i.hint.SetText(lang.L("Scan the MRZ of the passport or ID card (the reader starts by itself), or type it:"))
	i.mrz.SetPlaceHolder("P<DNK…")
	i.keyForm.Items[0].Text = lang.L("MRZ")
	i.keyForm.Items[1].Text = lang.L("or number and dates (YYMMDD)")
	i.keyForm.Items[2].Text = lang.L("or the CAN (6 digits)")
	i.keyForm.Refresh()
	i.number.SetPlaceHolder(lang.L("Document number"))
	i.birth.SetPlaceHolder(lang.L("Birth date"))
	i.expiry.SetPlaceHolder(lang.L("Expiry date"))
	i.can.SetPlaceHolder("CAN")
	i.read.SetText(lang.L("Read the chip"))
	i.retry.SetText(lang.L("Try again"))
	i.noChip.SetText(lang.L("No chip: check by eye"))
	i.visual.translate()
	if i.cancelRead != nil {
		i.cancel.SetText(lang.L("Cancel the read"))
	} else {
		i.cancel.SetText(lang.L("Back to the queue"))
	}
}

// clear forgets the key and everything typed; a read under way is cancelled.
func (i *identifyScreen) clear() {
	if i.cancelRead != nil {
		i.cancelRead()
		i.cancelRead = nil
	}
	i.key = reader.AccessKey{}
	for _, e := range []*widget.Entry{i.mrz, i.number, i.birth, i.expiry, i.can} {
		e.SetText("")
	}
	say(i.problem, "")
	i.form.Show()
	i.visual.clear()
	i.read.Show()
	i.noChip.Show()
	i.retry.Hide()
	i.working(false)
}

// audit appends r to the audit trail; a counter without one cannot identify anyone.
func (c *Counter) audit(r booking.AuditRecord) error {
	if err := c.opt.Audit.AppendAudit(r); err != nil {
		slog.Error("counter: audit record not written", "counter", c.opt.CounterName, "action", r.Action, "err", err)
		return err
	}
	return nil
}

// say shows text in l, and hides l while there is nothing to say, so the screen keeps its
// height for the entry fields on a 768-pixel counter screen.
func say(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}
