package kiosk

import (
	"context"
	"errors"
	"image"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/reader"
)

// Bounds of the two network steps, so a dead central system or printer ends in a sentence.
const (
	issueTimeout = 30 * time.Second
	printTimeout = 30 * time.Second
)

// activationScreen issues the MitID activation code for the citizen staff identified and
// prints the letter: it records the confirmed identity check, asks the central system for
// a code under one idempotency key kept across retries, records that a code was issued
// (never the code), and prints the letter through the counter's spool. A failed step says
// why and offers Retry, which goes on from that step: a letter that did not print waits in
// the spool (memory only) and is printed again, never asked for anew. Cancel throws it away.
type activationScreen struct {
	c       *Counter
	title   *widget.Label
	status  *widget.Label
	code    *widget.Label // the code while its letter is not yet printed
	preview *canvas.Image // the letter as printed, when the printer is the on-screen preview
	retry   *widget.Button
	done    *widget.Button
	box     fyne.CanvasObject

	job  activationJob
	stop context.CancelFunc // ends the work under way when the job is dropped (logout)
}

// activationJob is one citizen's way from the confirmed identity to the printed letter.
// The work goroutine takes a copy and hands back the next state.
type activationJob struct {
	who      recordBase
	id       *identity
	doc      *reader.Document
	reason   string // staff's reason to go on with an unverified chip
	language string // of the letter

	confirmed  bool          // the identity check's record is written
	requestKey string        // the idempotency key, kept across retries
	issued     *IssuedCode   // from the answer until the letter is handed to the spool
	letter     printer.JobID // the letter waiting in the spool after a failed print; 0 if none
	printed    bool
	preview    image.Image
	err        error
	failed     string // the step that failed: "audit", "issue", "print"
}

func newActivationScreen(c *Counter) *activationScreen {
	a := &activationScreen{c: c, title: heading(), status: text(), code: heading(),
		preview: &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}}
	a.title.Alignment, a.status.Alignment = fyne.TextAlignLeading, fyne.TextAlignLeading
	a.preview.SetMinSize(fyne.NewSize(300, 480))
	a.retry = c.button(widget.HighImportance, a.run)
	a.done = c.button(widget.MediumImportance, a.onDone)
	a.box = container.NewBorder(container.NewPadded(a.title),
		container.NewPadded(container.NewGridWithColumns(2, a.done, a.retry)), nil, a.preview,
		container.NewPadded(container.NewVBox(a.status, a.code)))
	a.clear()
	return a
}

// begin starts the way to the letter for an identity staff confirmed.
func (a *activationScreen) begin(ticket string, id *identity, doc *reader.Document, reason, language string) {
	a.clear()
	a.job = activationJob{who: a.c.recordBase(ticket), id: id, doc: doc, reason: reason, language: language}
	a.translate()
	a.c.show(a)
	a.run()
}

// run does the steps not yet done, off the UI goroutine.
func (a *activationScreen) run() {
	c := a.c
	if c.busy || a.job.id == nil || a.job.printed {
		return
	}
	a.retry.Hide()
	a.done.Disable()
	a.status.Importance = widget.MediumImportance
	a.status.SetText(lang.L("Asking the central system for an activation code…"))
	job := a.job
	ctx, stop := context.WithCancel(context.Background())
	a.stop = stop
	c.do(func() func() {
		defer stop()
		next := c.advance(ctx, job)
		return func() { a.finished(next) }
	})
}

// advance runs the steps of job that are not done yet and returns where it got to.
// A cancelled ctx (staff logged out) ends it; a letter it leaves unprinted is thrown away,
// as nobody will come back for it.
func (c *Counter) advance(ctx context.Context, job activationJob) activationJob {
	job.err, job.failed = nil, ""
	if !job.confirmed {
		if err := c.audit(job.who.identityRecord(job.id, job.doc, "confirmed", job.reason, c.opt.Clock.Now())); err != nil {
			job.err, job.failed = err, "audit"
			return job
		}
		job.confirmed = true
	}
	if job.issued == nil && job.letter == 0 && !c.issue(ctx, &job) {
		return job
	}
	c.printLetter(ctx, &job)
	return job
}

// issue asks for the code under the job's key (made once, kept across retries) and
// records that it was issued. It reports whether the job has its code.
func (c *Counter) issue(ctx context.Context, job *activationJob) bool {
	if job.requestKey == "" {
		key, err := c.opt.Issuer.RequestKey()
		if err != nil {
			job.err, job.failed = err, "issue"
			return false
		}
		job.requestKey = key
	}
	ctx, cancel := context.WithTimeout(ctx, issueTimeout)
	defer cancel()
	code, err := c.opt.Issuer.IssueCode(ctx, job.requestKey, CodeRequest{Staff: job.who.staff,
		DocumentType: job.id.docType, IssuingState: job.id.issuingState, Protocol: job.id.protocol,
		Authenticity: job.id.verdict, Reason: job.reason, FaceConfirmed: true})
	if err != nil {
		job.err, job.failed = err, "issue"
		return false
	}
	// The record says a code was issued and to which user id; never the code. Without
	// it nothing is printed: a retry gets the same code under the same key.
	if err := c.audit(job.who.codeRecord(job.id, code.UserIDHint, c.opt.Clock.Now())); err != nil {
		job.err, job.failed = err, "audit"
		return false
	}
	job.issued = &code
	return true
}

// printLetter hands the letter to the spool, or prints the one waiting there again.
func (c *Counter) printLetter(ctx context.Context, job *activationJob) {
	pctx, cancel := context.WithTimeout(ctx, printTimeout)
	defer cancel()
	var err error
	if job.letter == 0 {
		l := Letter{Centre: c.opt.Centre, UserID: job.issued.UserIDHint, Code: job.issued.Code,
			ValidUntil: job.issued.ExpiresAt.In(c.opt.Clock.Now().Location()), Issued: c.opt.Clock.Now()}
		var id printer.JobID
		id, err = c.spool.Print(pctx, "activation letter", ActivationLetter(l, job.language))
		// From here the letter, and the code on it, is held by the spool alone.
		job.issued = nil
		if err != nil {
			job.letter = id
		}
	} else {
		err = c.spool.Reprint(pctx, job.letter)
	}
	if err != nil && ctx.Err() != nil && job.letter != 0 {
		_ = c.spool.Discard(job.letter)
		job.letter = 0
	}
	if err != nil {
		job.err, job.failed = err, "print"
		return
	}
	job.printed, job.letter = true, 0 // the code is on paper now, and nowhere else
	job.preview = c.takePreview()
}

// finished shows where the job got to.
func (a *activationScreen) finished(job activationJob) {
	a.job = job
	a.done.Enable()
	switch {
	case job.printed:
		slog.Info("counter: activation letter printed", "counter", a.c.opt.CounterName, "ticket", job.who.ticket)
		a.status.Importance = widget.SuccessImportance
		a.status.SetText(lang.L("The activation letter has printed. Give it to the citizen."))
		a.code.SetText("")
		a.preview.Image = job.preview
		a.preview.Refresh()
		a.done.SetText(lang.L("Done"))
		a.done.Importance = widget.HighImportance
		a.done.Refresh()
		return
	case job.failed == "print":
		slog.Error("counter: activation letter not printed", "counter", a.c.opt.CounterName, "err", job.err)
		a.status.SetText(letterPrintProblem(job.err))
		a.code.SetText(lang.L("Code issued, waiting to be printed"))
		a.retry.SetText(lang.L("Print again"))
	case job.failed == "audit":
		a.status.SetText(lang.L("The audit trail could not be written, so nothing was printed. Try again, or tell IT support."))
		a.retry.SetText(lang.L("Try again"))
	default:
		slog.Warn("counter: no activation code", "counter", a.c.opt.CounterName, "err", job.err)
		a.status.SetText(issueProblem(job.err))
		a.retry.SetText(lang.L("Try again"))
	}
	a.status.Importance = widget.DangerImportance
	a.status.Refresh()
	a.retry.Show()
}

// onDone goes back to the queue; an unprinted code is dropped with the job.
func (a *activationScreen) onDone() {
	note := ""
	if a.job.printed {
		note = lang.L("Activation letter printed for {{.Number}}.", map[string]any{"Number": a.job.who.ticket})
	}
	a.c.endIdentify(note)
}

func (a *activationScreen) content() fyne.CanvasObject { return a.box }

func (a *activationScreen) translate() {
	a.title.SetText(lang.L("MitID activation code for {{.Number}}", map[string]any{"Number": a.job.who.ticket}))
	if !a.job.printed {
		a.done.SetText(lang.L("Cancel"))
	}
}

// clear drops the job, the code with it (a letter waiting in the spool is thrown away),
// and the letter's preview.
func (a *activationScreen) clear() {
	if a.stop != nil {
		a.stop()
		a.stop = nil
	}
	if id := a.job.letter; id != 0 {
		if err := a.c.spool.Discard(id); err != nil {
			slog.Error("counter: unprinted activation letter not thrown away", "counter", a.c.opt.CounterName, "err", err)
		} else {
			slog.Warn("counter: unprinted activation letter thrown away", "counter", a.c.opt.CounterName)
		}
	}
	a.job = activationJob{}
	a.status.SetText("")
	a.code.SetText("")
	a.preview.Image = nil
	a.preview.Refresh()
	a.retry.Hide()
	a.done.Enable()
	a.done.Importance = widget.MediumImportance
}

// recordBase is who and where a record of the audit trail is about, taken on the UI
// goroutine when work starts.
type recordBase struct {
	staff, counter, ticket string
}

func (c *Counter) recordBase(ticket string) recordBase {
	return recordBase{staff: c.staffID, counter: c.opt.CounterName, ticket: ticket}
}

// identityRecord is the audit record of an identity check.
func (b recordBase) identityRecord(id *identity, doc *reader.Document, outcome, reason string, at time.Time) booking.AuditRecord {
	ev := "checked by eye; no chip read"
	if doc != nil {
		ev = evidence(doc, id)
	}
	return booking.AuditRecord{Action: booking.AuditIdentityCheck, At: at, Staff: b.staff, Counter: b.counter,
		Ticket: b.ticket, DocumentType: id.docType, IssuingState: id.issuingState, DocumentNumber: id.number,
		Method: id.method, Verdict: id.verdict, Evidence: ev, Reason: reason, Outcome: outcome}
}

// codeRecord is the audit record of an issued code: the masked user id, never the code.
func (b recordBase) codeRecord(id *identity, userIDHint string, at time.Time) booking.AuditRecord {
	return booking.AuditRecord{Action: booking.AuditCodeIssued, At: at, Staff: b.staff, Counter: b.counter,
		Ticket: b.ticket, DocumentType: id.docType, IssuingState: id.issuingState, DocumentNumber: id.number,
		Method: id.method, Verdict: id.verdict, Outcome: userIDHint}
}

// letterPrintProblem says why the letter did not print: the printer's own reason where it
// gave one (DLE EOT), else what to check.
func letterPrintProblem(err error) string {
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return lang.L("The printer is out of paper. Put in a new roll, then print again.")
	case errors.Is(err, printer.ErrCoverOpen):
		return lang.L("The printer's lid is open. Close it, then print again.")
	}
	return lang.L("The letter did not print. Check the printer's paper, power and cable, then print again.")
}

// previewSlot holds the last slip the on-screen preview printer rendered, for the
// activation screen of the same job to show.
type previewSlot struct {
	mu  sync.Mutex
	img image.Image
}

func (p *previewSlot) keep(img image.Image) {
	p.mu.Lock()
	p.img = img
	p.mu.Unlock()
}

// takePreview returns the preview of the letter just printed, if the printer is the
// on-screen preview, and forgets it.
func (c *Counter) takePreview() image.Image {
	c.preview.mu.Lock()
	defer c.preview.mu.Unlock()
	img := c.preview.img
	c.preview.img = nil
	return img
}
