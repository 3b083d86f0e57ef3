package kiosk

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/reader"
)

// phaseClock adds up how long each phase of the counter's job took.
type phaseClock struct {
	mu                         sync.Mutex
	read, auth, request, print time.Duration
}

func (p *phaseClock) add(d *time.Duration, since time.Time) {
	p.mu.Lock()
	*d += time.Since(since)
	p.mu.Unlock()
}

// timedReader splits a read at its first authenticity step: before it the chip is opened
// and its files read, after it active, chip and passive authentication run.
type timedReader struct {
	next  IdentityReader
	clock *phaseClock
}

func (r timedReader) ReadIdentity(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
	start := time.Now()
	var authStart time.Time
	doc, err := r.next.ReadIdentity(ctx, key, func(p reader.Progress) {
		if authStart.IsZero() && p.Step == "active authentication" {
			authStart = time.Now()
			r.clock.add(&r.clock.read, start)
		}
		progress(p)
	})
	if !authStart.IsZero() {
		r.clock.add(&r.clock.auth, authStart)
	}
	return doc, err
}

type timedIssuer struct {
	next  CodeIssuer
	clock *phaseClock
}

func (s timedIssuer) RequestKey() (string, error) { return s.next.RequestKey() }

func (s timedIssuer) IssueCode(ctx context.Context, key string, r CodeRequest) (IssuedCode, error) {
	defer s.clock.add(&s.clock.request, time.Now())
	return s.next.IssueCode(ctx, key, r)
}

type timedPrinter struct {
	next  printer.Printer
	clock *phaseClock
}

func (p timedPrinter) Print(ctx context.Context, s printer.Slip) error {
	defer p.clock.add(&p.clock.print, time.Now())
	return p.next.Print(ctx, s)
}

// BenchmarkIdentifyToLetter times the counter's job from the tap on "Identify" to the
// letter taken by a TCP printer on loopback: the in-process virtual passport (PACE,
// extended length, trusted test CSCA; no pcscd), the reference central server over
// loopback HTTP, the audit trail in the kiosk's bbolt file, Fyne's test driver. Staff's
// typing and the face check take no time here.
func BenchmarkIdentifyToLetter(b *testing.B) {
	cfg := citizenChip()
	clock := &phaseClock{}
	f := newIdentifyFixture(b, timedReader{next: chipReader(b, cfg, true), clock: clock}, func(o *CounterOptions) {
		o.Issuer = timedIssuer{next: o.Issuer, clock: clock}
		o.Printer = timedPrinter{next: o.Printer, clock: clock}
	})
	f.c.opt.Audit = f.db
	f.logIn(staffID, staffPIN)
	f.tap(f.c.queue.callNext)
	b.ResetTimer()
	for range b.N {
		f.tap(f.c.queue.identify)
		i := f.c.identify
		i.number.SetText(cfg.DocumentNumber)
		i.birth.SetText(cfg.BirthDate)
		i.expiry.SetText(cfg.ExpiryDate)
		f.tap(i.read)
		test.Tap(f.c.verdict.face)
		f.tap(f.c.verdict.issue)
		f.letter()
		if !f.c.activation.job.printed {
			b.Fatalf("not printed: %q", f.c.activation.status.Text)
		}
		f.tap(f.c.activation.done)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(clock.read.Microseconds())/1000/n, "read-ms/op")
	b.ReportMetric(float64(clock.auth.Microseconds())/1000/n, "auth-ms/op")
	b.ReportMetric(float64(clock.request.Microseconds())/1000/n, "code-ms/op")
	b.ReportMetric(float64(clock.print.Microseconds())/1000/n, "print-ms/op")
}
