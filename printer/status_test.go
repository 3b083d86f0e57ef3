package printer_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
)

// patient waits for the fake printer's answers as long as the test's
// context allows, so that a loaded machine cannot turn "out of paper" into
// "no answer".
var patient = printer.StatusWait(time.Minute)

// A job for a printer that says it cannot print is refused before it is
// sent, with the printer's state; once the printer is ready, the next job
// prints, and it is the next job, not the refused one, that arrives.
func TestTCPRefusesWhenNotReady(t *testing.T) {
	p := printertest.Start(t)
	prn := printer.NewTCP(p.Addr, patient)
	for _, tc := range []struct {
		state printertest.State
		want  error
		check func(printer.Status) bool
	}{
		{printertest.PaperOut, printer.ErrPaperOut, func(s printer.Status) bool { return s.PaperOut }},
		{printertest.CoverOpen, printer.ErrCoverOpen, func(s printer.Status) bool { return s.CoverOpen }},
	} {
		p.SetState(tc.state)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := prn.Print(ctx, printer.Slip{Lines: []printer.Line{{Text: "refused"}}})
		cancel()
		var se *printer.StatusError
		if !errors.Is(err, tc.want) || !errors.As(err, &se) || !tc.check(printer.StatusOf(err)) {
			t.Fatalf("state %d: err = %v (status %+v), want %v in a *StatusError", tc.state, err, printer.StatusOf(err), tc.want)
		}
	}
	p.SetState(printertest.Ready)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := prn.Print(ctx, printer.Slip{Lines: []printer.Line{{Text: "printed"}}}); err != nil {
		t.Fatal(err)
	}
	select {
	case lines := <-p.Jobs:
		if len(lines) != 1 || lines[0].Text != "printed" {
			t.Fatalf("first job to arrive is %+v, want the one printed when ready", lines)
		}
	case <-ctx.Done():
		t.Fatal("no job arrived")
	}
	if q := p.Questions(); q != 9 {
		t.Fatalf("printer was asked %d questions, want 3 per print", q)
	}
}

func TestTCPPrintsWithPaperLow(t *testing.T) {
	p := printertest.Start(t)
	p.SetState(printertest.PaperLow)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := printer.NewTCP(p.Addr).Print(ctx, ticket); err != nil {
		t.Fatal(err)
	}
	if lines := <-p.Jobs; len(lines) != 3 {
		t.Fatalf("printed %+v", lines)
	}
}

// A printer that does not answer DLE EOT still gets the job: its state is
// unknown, not bad.
func TestTCPPrintsWhenStatusUnanswered(t *testing.T) {
	p := printertest.Start(t)
	p.SetState(printertest.Silent)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	prn := printer.NewTCP(p.Addr, printer.StatusWait(100*time.Millisecond))
	if err := prn.Print(ctx, ticket); err != nil {
		t.Fatal(err)
	}
	if lines := <-p.Jobs; len(lines) != 3 || lines[0].Text != "Borgerservice Århus" {
		t.Fatalf("printed %+v", lines)
	}
	st, err := printer.CheckStatus(ctx, prn)
	if !errors.Is(err, printer.ErrStatusUnknown) || st.Known {
		t.Fatalf("CheckStatus = %+v, %v; want ErrStatusUnknown", st, err)
	}
}

func TestTCPStatus(t *testing.T) {
	p := printertest.Start(t)
	prn := printer.NewTCP(p.Addr, patient)
	for state, want := range map[printertest.State]printer.Status{
		printertest.Ready:     {Known: true},
		printertest.PaperOut:  {Known: true, Offline: true, PaperOut: true},
		printertest.CoverOpen: {Known: true, Offline: true, CoverOpen: true},
		printertest.PaperLow:  {Known: true, PaperLow: true},
	} {
		p.SetState(state)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		got, err := printer.CheckStatus(ctx, prn)
		cancel()
		if err != nil || got != want {
			t.Errorf("state %d: Status = %+v, %v; want %+v", state, got, err, want)
		}
	}
}

func TestStatusUnknownWhereTransportCannotAsk(t *testing.T) {
	for _, prn := range []printer.Printer{printer.NewIPP("ipp://127.0.0.1:9/printers/Q"), printer.PreviewPrinter{}} {
		st, err := printer.CheckStatus(context.Background(), prn)
		if !errors.Is(err, printer.ErrStatusUnknown) || st.Known {
			t.Errorf("%T: CheckStatus = %+v, %v; want ErrStatusUnknown", prn, st, err)
		}
	}
}

func TestDecodeSkipsStatusQuestions(t *testing.T) {
	b, _ := ticket.ESCPOS()
	lines, err := printer.Decode(append([]byte{0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4}, b...))
	if err != nil || len(lines) != 3 {
		t.Fatalf("Decode = %+v, %v", lines, err)
	}
	if _, err := printer.Decode([]byte{0x10, 0x05, 1}); !errors.Is(err, printer.ErrUnknownCommand) {
		t.Fatalf("DLE ENQ: err = %v, want ErrUnknownCommand", err)
	}
	if _, err := printer.Decode([]byte{0x10, 0x04}); !errors.Is(err, printer.ErrTruncated) {
		t.Fatalf("DLE EOT cut short: err = %v, want ErrTruncated", err)
	}
}

// StatusWait(0) sends the job without asking: for a printer known not to
// speak DLE EOT, which would otherwise cost the wait on every slip.
func TestTCPWithoutAsking(t *testing.T) {
	p := printertest.Start(t)
	p.SetState(printertest.PaperOut) // not asked, so not known
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	prn := printer.NewTCP(p.Addr, printer.StatusWait(0))
	if err := prn.Print(ctx, ticket); err != nil {
		t.Fatal(err)
	}
	if lines := <-p.Jobs; len(lines) != 3 {
		t.Fatalf("printed %+v", lines)
	}
	if st, err := printer.CheckStatus(ctx, prn); !errors.Is(err, printer.ErrStatusUnknown) || st.Known {
		t.Fatalf("CheckStatus = %+v, %v; want ErrStatusUnknown", st, err)
	}
	if q := p.Questions(); q != 0 {
		t.Fatalf("printer was asked %d questions", q)
	}
}
