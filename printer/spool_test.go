package printer_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
)

func slipSaying(text string) printer.Slip {
	return printer.Slip{Lines: []printer.Line{{Text: text}}}
}

// receive waits for the printer's next job and returns its first line.
func receive(t *testing.T, p *printertest.Printer) string {
	t.Helper()
	select {
	case lines := <-p.Jobs:
		return lines[0].Text
	case <-time.After(10 * time.Second):
		t.Fatal("no job arrived")
		return ""
	}
}

// A job refused for want of paper is kept with its error and the printer's
// state, printed when staff ask once the paper is in, and then gone.
func TestSpoolKeepsFailedJobUntilReprinted(t *testing.T) {
	p := printertest.Start(t)
	failedAt := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	spool := printer.NewSpool(printer.NewTCP(p.Addr, patient), func() time.Time { return failedAt })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	p.SetState(printertest.PaperOut)
	id, err := spool.Print(ctx, "activation letter", slipSaying("letter"))
	if !errors.Is(err, printer.ErrPaperOut) {
		t.Fatalf("Print: err = %v, want ErrPaperOut", err)
	}
	failed := spool.Failed()
	if len(failed) != 1 || failed[0].ID != id || failed[0].Name != "activation letter" ||
		!failed[0].Status.PaperOut || !errors.Is(failed[0].Err, printer.ErrPaperOut) ||
		!failed[0].At.Equal(failedAt) || failed[0].Tries != 1 {
		t.Fatalf("Failed() = %+v", failed)
	}

	// Still out of paper: kept again, with the count of tries.
	if err := spool.Reprint(ctx, id); !errors.Is(err, printer.ErrPaperOut) {
		t.Fatalf("Reprint without paper: err = %v", err)
	}
	if f := spool.Failed(); len(f) != 1 || f[0].Tries != 2 {
		t.Fatalf("Failed() = %+v", f)
	}

	p.SetState(printertest.Ready)
	if _, err := spool.Print(ctx, "ticket", slipSaying("other")); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, p); got != "other" {
		t.Fatalf("a new job printed %q: the kept job must wait for staff", got)
	}
	if err := spool.Reprint(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got := receive(t, p); got != "letter" {
		t.Fatalf("reprint printed %q", got)
	}
	if f := spool.Failed(); len(f) != 0 {
		t.Fatalf("Failed() after reprint = %+v", f)
	}
	if err := spool.Reprint(ctx, id); !errors.Is(err, printer.ErrNoSuchJob) {
		t.Fatalf("second reprint: err = %v, want ErrNoSuchJob", err)
	}
}

func TestSpoolDiscard(t *testing.T) {
	p := printertest.Start(t)
	p.SetState(printertest.CoverOpen)
	spool := printer.NewSpool(printer.NewTCP(p.Addr, patient), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	id, err := spool.Print(ctx, "activation letter", slipSaying("secret"))
	if !errors.Is(err, printer.ErrCoverOpen) {
		t.Fatalf("err = %v, want ErrCoverOpen", err)
	}
	if err := spool.Discard(id); err != nil {
		t.Fatal(err)
	}
	if f := spool.Failed(); len(f) != 0 {
		t.Fatalf("Failed() after discard = %+v", f)
	}
	p.SetState(printertest.Ready)
	if err := spool.Reprint(ctx, id); !errors.Is(err, printer.ErrNoSuchJob) {
		t.Fatalf("reprint of a discarded job: err = %v, want ErrNoSuchJob", err)
	}
	if err := spool.Discard(id); !errors.Is(err, printer.ErrNoSuchJob) {
		t.Fatalf("second discard: err = %v, want ErrNoSuchJob", err)
	}
}

// gatePrinter fails until told otherwise, and holds each Print until the
// test lets it go, so that calls overlap for certain.
type gatePrinter struct {
	entered chan struct{}
	release chan struct{}
	prints  atomic.Int32
	fail    atomic.Bool
}

func (g *gatePrinter) Print(ctx context.Context, s printer.Slip) error {
	g.entered <- struct{}{}
	<-g.release
	if g.fail.Load() {
		return errors.New("gate closed")
	}
	g.prints.Add(1)
	return nil
}

// Many taps on "print again" while the job prints print it once; the others
// are told it is busy, and discarding it meanwhile is refused.
func TestSpoolReprintsOnceUnderConcurrentTaps(t *testing.T) {
	g := &gatePrinter{entered: make(chan struct{}, 1), release: make(chan struct{})}
	g.fail.Store(true)
	spool := printer.NewSpool(g, nil)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() { _, err := spool.Print(ctx, "letter", slipSaying("x")); done <- err }()
	<-g.entered
	if f := spool.Failed(); len(f) != 0 {
		t.Fatalf("a job being printed is listed as failed: %+v", f)
	}
	g.release <- struct{}{}
	if err := <-done; err == nil {
		t.Fatal("Print succeeded through a closed gate")
	}
	id := spool.Failed()[0].ID
	g.fail.Store(false)

	first := make(chan error, 1)
	go func() { first <- spool.Reprint(ctx, id) }()
	<-g.entered // the first reprint is inside Print now
	var wg sync.WaitGroup
	var busy atomic.Int32
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := spool.Reprint(ctx, id); errors.Is(err, printer.ErrJobBusy) {
				busy.Add(1)
			} else {
				t.Errorf("overlapping reprint: err = %v, want ErrJobBusy", err)
			}
			_ = spool.Failed()
		}()
	}
	wg.Wait()
	if err := spool.Discard(id); !errors.Is(err, printer.ErrJobBusy) {
		t.Errorf("discard while printing: err = %v, want ErrJobBusy", err)
	}
	g.release <- struct{}{}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if n := g.prints.Load(); n != 1 || busy.Load() != 8 {
		t.Fatalf("printed %d times, %d told busy; want 1 and 8", n, busy.Load())
	}
}

// Jobs from many goroutines each print exactly once.
func TestSpoolConcurrentPrints(t *testing.T) {
	p := printertest.Start(t)
	spool := printer.NewSpool(printer.NewTCP(p.Addr, patient), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const n = 6
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := spool.Print(ctx, "ticket", slipSaying(string(rune('A'+i)))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for range n {
		seen[receive(t, p)] = true
	}
	if len(seen) != n || len(spool.Failed()) != 0 {
		t.Fatalf("printed %v, failed %+v", seen, spool.Failed())
	}
}
