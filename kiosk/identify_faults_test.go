package kiosk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/pcsc"
)

// TestIdentifyReadFaults: a wrong key, a card pulled away and a chip answering garbage
// each give their sentence and Retry, and no audit record.
func TestIdentifyReadFaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"wrong key", &reader.StepError{Step: "bac", Err: reader.ErrAccessDenied}, "godtog ikke nøglen"},
		{"card removed", &reader.StepError{Step: "DG2", Err: reader.ErrCardRemoved}, "flyttet fra læseren"},
		{"garbage", &reader.StepError{Step: "DG1", Err: reader.ErrBadCard}, "ugyldigt svar"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			rd := IdentityReaderFunc(func(context.Context, reader.AccessKey, func(reader.Progress)) (*reader.Document, error) {
				calls++
				return nil, tc.err
			})
			f := newIdentifyFixture(t, rd)
			f.logIn(staffID, staffPIN)
			f.tap(f.c.queue.callNext)
			f.tap(f.c.queue.identify)
			i := f.c.identify
			i.can.SetText("123456")
			f.tap(i.read)
			f.on(i, "identify")
			if !strings.Contains(i.problem.Text, tc.want) || !i.retry.Visible() {
				t.Fatalf("problem %q, retry shown %v", i.problem.Text, i.retry.Visible())
			}
			f.tap(i.retry)
			if calls != 2 || len(f.audit.all()) != 0 {
				t.Fatalf("reads %d, audit %+v", calls, f.audit.all())
			}
		})
	}
}

// TestIdentifyWrongMRZ: a real chip refuses a wrong birth date.
func TestIdentifyWrongMRZ(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, true))
	f.logIn(staffID, staffPIN)
	f.tap(f.c.queue.callNext)
	f.tap(f.c.queue.identify)
	i := f.c.identify
	i.number.SetText(cfg.DocumentNumber)
	i.birth.SetText("850325")
	i.expiry.SetText(cfg.ExpiryDate)
	f.tap(i.read)
	if f.c.current != i || !strings.Contains(i.problem.Text, "godtog ikke nøglen") {
		t.Fatalf("screen %T, problem %q", f.c.current, i.problem.Text)
	}
}

// TestIdentifyCancel: Cancel during a read ends it, says so, and records nothing.
func TestIdentifyCancel(t *testing.T) {
	started := make(chan struct{})
	rd := IdentityReaderFunc(func(ctx context.Context, _ reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
		progress(reader.Progress{Step: "DG2", Done: 4000, Total: 16000})
		close(started)
		<-ctx.Done()
		return nil, &reader.StepError{Step: "DG2", Err: ctx.Err()}
	})
	f := newIdentifyFixture(t, rd)
	f.logIn(staffID, staffPIN)
	f.tap(f.c.queue.callNext)
	f.tap(f.c.queue.identify)
	i := f.c.identify
	i.can.SetText("123456")
	test.Tap(i.read)
	<-started
	if i.progress.Value <= 0 || !strings.Contains(i.status.Text, "billedet") {
		t.Errorf("progress %v, status %q", i.progress.Value, i.status.Text)
	}
	test.Tap(i.cancel)
	f.c.Wait()
	f.on(i, "identify")
	if !strings.Contains(i.status.Text, "afbrudt") || len(f.audit.all()) != 0 || f.c.busy {
		t.Fatalf("status %q, audit %+v, busy %v", i.status.Text, f.audit.all(), f.c.busy)
	}
}

// TestIdentifyCentralTimeout: the server issues a code but the answer is lost. Staff see
// that no code was issued; Retry sends the same key and gets the same code.
func TestIdentifyCentralTimeout(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, true))
	f.toVerdict(cfg)
	f.transport.lose = true
	f.confirmAndIssue()
	a := f.c.activation
	if !strings.Contains(a.status.Text, "ikke forbindelse") || a.code.Text != "" || a.job.issued != nil || !a.retry.Visible() {
		t.Fatalf("status %q, code %q", a.status.Text, a.code.Text)
	}
	if recs := f.audit.all(); len(recs) != 1 || recs[0].Action != booking.AuditIdentityCheck {
		t.Fatalf("audit trail after a lost answer: %+v", recs)
	}
	f.transport.mu.Lock()
	f.transport.lose = false
	f.transport.mu.Unlock()
	f.tap(a.retry)
	letter := f.letter()
	code := codePattern.FindString(strings.ReplaceAll(letter, "\n", "-"))
	f.transport.mu.Lock()
	keys, answers := f.transport.keys, f.transport.answers
	f.transport.mu.Unlock()
	if len(keys) != 2 || keys[0] != keys[1] || code == "" || !strings.Contains(answers[0], code) {
		t.Fatalf("keys %v, code %q, first answer held it: %v", keys, code, code != "" && strings.Contains(answers[0], code))
	}
	if recs := f.audit.all(); len(recs) != 2 {
		t.Fatalf("audit trail: %+v", recs)
	}
	assertNowhere(t, f, code)
}

// TestIdentifyPrinterFails: the printer is out of paper. The code waits in memory, Print
// again prints it, and no second code is asked for.
func TestIdentifyPrinterFails(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, true))
	f.toVerdict(cfg)
	f.printer.setFail(true)
	f.confirmAndIssue()
	a := f.c.activation
	if !strings.Contains(a.status.Text, "mangler papir") || a.code.Text == "" || len(f.c.spool.Failed()) != 1 {
		t.Fatalf("status %q, code %q, letters waiting %d", a.status.Text, a.code.Text, len(f.c.spool.Failed()))
	}
	f.tap(a.retry) // still out of paper
	f.printer.setFail(false)
	f.tap(a.retry)
	if l := f.letter(); !codePattern.MatchString(strings.ReplaceAll(l, "\n", "-")) {
		t.Fatalf("letter:\n%s", l)
	}
	if len(f.transport.keys) != 1 || len(f.audit.all()) != 2 || a.code.Text != "" || len(f.c.spool.Failed()) != 0 {
		t.Fatalf("requests %d, audit %+v, code label %q, letters waiting %d",
			len(f.transport.keys), f.audit.all(), a.code.Text, len(f.c.spool.Failed()))
	}
}

// TestIdentifyCancelUnprinted: staff give up on a letter that did not print; the letter,
// and its code, leave the spool.
func TestIdentifyCancelUnprinted(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, true))
	f.toVerdict(cfg)
	f.printer.setFail(true)
	f.confirmAndIssue()
	if len(f.c.spool.Failed()) != 1 {
		t.Fatal("the unprinted letter is not waiting in the spool")
	}
	f.tap(f.c.activation.done)
	f.on(f.c.queue, "queue")
	if len(f.c.spool.Failed()) != 0 || f.c.activation.job.letter != 0 {
		t.Fatal("the unprinted letter outlived Cancel")
	}
}

// TestIdentifyAuditFails: without an audit record nothing is issued or printed.
func TestIdentifyAuditFails(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, true))
	f.toVerdict(cfg)
	f.audit.err = errors.New("test: disk full")
	f.confirmAndIssue()
	a := f.c.activation
	if !strings.Contains(a.status.Text, "Revisionssporet") || len(f.transport.keys) != 0 {
		t.Fatalf("status %q, requests %d", a.status.Text, len(f.transport.keys))
	}
	f.tap(a.done)
	f.on(f.c.queue, "queue")
}

// TestReadAndIssueProblems: every fault has its own sentence, none the catch-all.
func TestReadAndIssueProblems(t *testing.T) {
	t.Cleanup(func() { SetLanguage("da") })
	SetLanguage("en")
	general := readProblem(errors.New("something else"))
	for err, want := range map[error]string{
		&reader.StepError{Step: "pc/sc", Err: &pcsc.Error{Op: "establish context", Kind: pcsc.ErrNoService}}: "pcscd",
		&reader.StepError{Step: "DG2", Err: &pcsc.Error{Op: "transmit", Kind: pcsc.ErrReaderGone}}:           "unplugged",
		&reader.StepError{Step: "wait for card", Err: pcsc.ErrNoReader}:                                      "No card reader",
		&reader.StepError{Step: "wait for card", Err: pcsc.ErrTimeout}:                                       "in time",
		&reader.StepError{Step: "pace", Err: reader.ErrCANNeedsPACE}:                                         "MRZ instead",
	} {
		if got := readProblem(err); got == general || !strings.Contains(got, want) {
			t.Errorf("readProblem(%v) = %q, want %q", err, got, want)
		}
	}
	for err, want := range map[error]string{
		fmt.Errorf("%w: 429", ErrCodeLimit):              "too many codes",
		fmt.Errorf("%w: 422", ErrCodeRefused):            "refused",
		fmt.Errorf("%w: gone", ErrCentralUnavailable):    "cannot be reached",
		fmt.Errorf("wait: %w", context.DeadlineExceeded): "cannot be reached",
	} {
		if got := issueProblem(err); !strings.Contains(got, want) {
			t.Errorf("issueProblem(%v) = %q, want %q", err, got, want)
		}
	}
}

// stuckPrinter takes no job until its context ends, like a printer whose cable came out.
type stuckPrinter struct{ entered chan struct{} }

func (p stuckPrinter) Print(ctx context.Context, _ printer.Slip) error {
	close(p.entered)
	<-ctx.Done()
	return ctx.Err()
}

// TestIdentifyLogoutWhilePrinting: staff are logged out while the letter hangs at the
// printer. The print is abandoned and the letter, with its code, leaves the spool.
func TestIdentifyLogoutWhilePrinting(t *testing.T) {
	cfg := citizenChip()
	stuck := stuckPrinter{entered: make(chan struct{})}
	f := newIdentifyFixture(t, chipReader(t, cfg, true), func(o *CounterOptions) { o.Printer = stuck })
	f.toVerdict(cfg)
	test.Tap(f.c.verdict.face)
	test.Tap(f.c.verdict.issue)
	<-stuck.entered
	f.c.logout()
	f.c.Wait()
	f.on(f.c.login, "login")
	if len(f.c.spool.Failed()) != 0 || f.c.activation.job.id != nil {
		t.Fatalf("after logout: %d letters waiting, job kept %v", len(f.c.spool.Failed()), f.c.activation.job.id != nil)
	}
}

// TestIdentifyCodeLimit: the central server issues one code an hour to this member of
// staff; the second citizen gets the sentence for the limit, and no code.
func TestIdentifyCodeLimit(t *testing.T) {
	cfg := citizenChip()
	f := newLimitedFixture(t, 1, chipReader(t, cfg, true))
	f.toVerdict(cfg)
	f.confirmAndIssue()
	f.letter()
	f.tap(f.c.activation.done)
	f.tap(f.c.queue.identify)
	i := f.c.identify
	i.can.SetText(cfg.CAN)
	f.tap(i.read)
	f.confirmAndIssue()
	a := f.c.activation
	if !strings.Contains(a.status.Text, "for mange koder") || a.job.printed || len(f.c.spool.Failed()) != 0 {
		t.Fatalf("status %q", a.status.Text)
	}
	if recs := f.audit.all(); len(recs) != 3 {
		t.Fatalf("audit trail: %d records, want 3 (two checks, one code)", len(recs))
	}
}

func TestReasonOK(t *testing.T) {
	for reason, want := range map[string]bool{
		"Chippen er revnet; kontrolleret under UV-lys": true,
		"Kørekort (gammel model), set af to kolleger":  true,
		"Pas nr 123456":                  false, // digits could carry a number
		"CPR 010170-1234":                false,
		"ok":                             false, // too short to say anything
		strings.Repeat("a", maxReason):   true,
		strings.Repeat("a", maxReason+1): false,
		"tjekket #2":                     false,
	} {
		if got := reasonOK(normalizeReason(reason)); got != want {
			t.Errorf("reasonOK(%q) = %v, want %v", reason, got, want)
		}
	}
}
