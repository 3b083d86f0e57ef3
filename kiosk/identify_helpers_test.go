package kiosk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// The citizen of the identify tests: Anna Sofie Testesen, holding A001 at counter 3.
func citizenChip() vchip.Config {
	return vchip.Config{DocumentNumber: "AB1234567", BirthDate: "850324", ExpiryDate: "320415",
		Surname: "TESTESEN", GivenNames: "ANNA SOFIE", Sex: "F", Nationality: "DNK", CAN: "123456"}
}

// fakeAudit keeps the audit trail in memory, and fails when told to.
type fakeAudit struct {
	mu      sync.Mutex
	records []booking.AuditRecord
	err     error
}

func (a *fakeAudit) AppendAudit(r booking.AuditRecord) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return a.err
	}
	a.records = append(a.records, r)
	return nil
}

func (a *fakeAudit) all() []booking.AuditRecord {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]booking.AuditRecord(nil), a.records...)
}

// chipReader reads an in-process virtual chip built from cfg, trusting its test CSCA
// when trusted is set; the clock gives the time certificates are checked at.
func chipReader(t testing.TB, cfg vchip.Config, trusted bool) IdentityReader {
	t.Helper()
	chip, err := vchip.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	trust := &auth.TrustStore{}
	if trusted {
		if err := trust.AddBytes(chip.PKI().CSCAPEM()); err != nil {
			t.Fatal(err)
		}
	}
	return IdentityReaderFunc(func(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
		chip.Reset()
		return reader.Read(ctx, chip, key, reader.Options{Progress: progress, Trust: trust})
	})
}

// testIssuer is the counter's CodeIssuer over the central client, as main wires it
// (internal/codeissuer, which tests of this package cannot import).
type testIssuer struct {
	client *central.Client
	mu     sync.Mutex
	seq    int
}

func (s *testIssuer) RequestKey() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s/%d", centraltest.KioskID, s.seq), nil
}

func (s *testIssuer) IssueCode(ctx context.Context, key string, r CodeRequest) (IssuedCode, error) {
	resp, err := s.client.IssueActivationCode(ctx, key, api.ActivationRequest{KioskID: centraltest.KioskID,
		StaffID: r.Staff, Evidence: api.Evidence{DocumentType: r.DocumentType, IssuingState: r.IssuingState,
			Protocol: r.Protocol, Authenticity: r.Authenticity, Reason: r.Reason, FaceConfirmedByStaff: r.FaceConfirmed}})
	var p *central.ProblemError
	switch {
	case err == nil:
		return IssuedCode{UserIDHint: resp.UserIDHint, Code: resp.Code, ExpiresAt: resp.ExpiresAt}, nil
	case errors.As(err, &p) && p.Status == http.StatusTooManyRequests:
		return IssuedCode{}, fmt.Errorf("%w: %w", ErrCodeLimit, err)
	case errors.Is(err, central.ErrUnavailable):
		return IssuedCode{}, fmt.Errorf("%w: %w", ErrCentralUnavailable, err)
	case errors.As(err, &p):
		return IssuedCode{}, fmt.Errorf("%w: %w", ErrCodeRefused, err)
	}
	return IssuedCode{}, err
}

// lossyTransport passes requests to the server; while lose is set it drops the answer,
// as a connection cut after the server acted does. It records every key and answer.
type lossyTransport struct {
	mu      sync.Mutex
	lose    bool
	keys    []string
	answers []string
}

func (l *lossyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	l.mu.Lock()
	defer l.mu.Unlock()
	if key := r.Header.Get(api.HeaderIdempotencyKey); key != "" {
		l.keys = append(l.keys, key)
	}
	if err == nil && resp.Body != nil {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		resp.Body.Close()
		l.answers = append(l.answers, b.String())
		resp.Body = http.NoBody
		if !l.lose {
			resp.Body = readCloser{strings.NewReader(b.String())}
		}
	}
	if l.lose {
		return nil, errors.New("test: connection lost after the server answered")
	}
	return resp, err
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

// flakyPrinter fails while fail is set, then prints through next.
type flakyPrinter struct {
	mu   sync.Mutex
	fail bool
	next printer.Printer
}

func (p *flakyPrinter) Print(ctx context.Context, s printer.Slip) error {
	p.mu.Lock()
	fail := p.fail
	p.mu.Unlock()
	if fail {
		return fmt.Errorf("test: printer answered DLE EOT: %w", printer.ErrPaperOut)
	}
	return p.next.Print(ctx, s)
}

func (p *flakyPrinter) setFail(on bool) {
	p.mu.Lock()
	p.fail = on
	p.mu.Unlock()
}

// identifyFixture is a counter fixture with a reader, a real central server on loopback,
// a TCP printer that captures the letters, and an audit trail in memory. Everything
// logged goes to log.
type identifyFixture struct {
	*counterFixture
	audit     *fakeAudit
	transport *lossyTransport
	printer   *flakyPrinter
	letters   <-chan []printer.DecodedLine
	log       *syncBuffer
	central   *server.Server
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newIdentifyFixture's central server allows far more codes an hour than the reference
// server's defaults, so that benchmarks are not refused; newLimitedFixture sets a limit.
func newIdentifyFixture(t testing.TB, rd IdentityReader, edit ...func(*CounterOptions)) *identifyFixture {
	t.Helper()
	return newLimitedFixture(t, 1_000_000, rd, edit...)
}

// newLimitedFixture is an identify fixture whose central server issues perStaffHour codes
// an hour to one member of staff.
func newLimitedFixture(t testing.TB, perStaffHour int, rd IdentityReader, edit ...func(*CounterOptions)) *identifyFixture {
	t.Helper()
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	old := slog.Default()
	slog.SetDefault(logger)
	t.Cleanup(func() { slog.SetDefault(old) })

	url, srv := centraltest.StartWith(t, server.Options{Logger: logger, CodesPerStaffHour: perStaffHour,
		CodesPerKioskHour: 1_000_000})
	lt := &lossyTransport{}
	client, err := central.NewClient(central.Options{URL: url, Site: server.DefaultSite, KioskID: centraltest.KioskID,
		Transport: lt, MaxAttempts: 1, AttemptTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	addr, letters := printertest.Listen(t)
	f := &identifyFixture{audit: &fakeAudit{}, transport: lt, letters: letters, log: logs, central: srv,
		printer: &flakyPrinter{next: printer.NewTCP(addr)}}
	f.counterFixture = newCounterFixture(t, append([]func(*CounterOptions){func(o *CounterOptions) {
		o.Reader, o.Issuer, o.Audit, o.Printer = rd, &testIssuer{client: client}, f.audit, f.printer
		o.Centre = "Borgerservice Århus"
	}}, edit...)...)
	return f
}

// toVerdict logs in, calls A001 and reads its chip with the MRZ fields typed by hand.
func (f *identifyFixture) toVerdict(cfg vchip.Config) {
	f.t.Helper()
	f.logIn(staffID, staffPIN)
	f.tap(f.c.queue.callNext)
	f.tap(f.c.queue.identify)
	f.on(f.c.identify, "identify")
	i := f.c.identify
	i.number.SetText(cfg.DocumentNumber)
	i.birth.SetText(cfg.BirthDate)
	i.expiry.SetText(cfg.ExpiryDate)
	f.tap(i.read)
	if f.c.current != f.c.verdict {
		f.t.Fatalf("no verdict: screen %T, problem %q, status %q", f.c.current, i.problem.Text, i.status.Text)
	}
}

// letter waits for the next job at the printer and returns its text, one line each.
func (f *identifyFixture) letter() string {
	f.t.Helper()
	select {
	case lines := <-f.letters:
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(l.Text + "\n")
		}
		return b.String()
	case <-time.After(20 * time.Second):
		f.t.Fatal("no letter reached the printer")
	}
	return ""
}

// confirmAndIssue ticks the face check and taps "Issue activation code".
func (f *identifyFixture) confirmAndIssue() {
	f.t.Helper()
	test.Tap(f.c.verdict.face)
	f.tap(f.c.verdict.issue)
	f.on(f.c.activation, "activation")
}
