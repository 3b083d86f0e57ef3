package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/internal/pgtest"
)

// testNow is the fixed clock of these tests: a Wednesday morning in Danish winter time.
var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CET", 3600))

// harness is a server on a file in a temp dir behind a real HTTP listener on loopback. It
// can be restarted on the same file.
type harness struct {
	t    testing.TB
	opts Options
	path string
	srv  *Server
	http *httptest.Server
	url  string
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	return newHarnessWith(t, Options{})
}

// newHarnessWith is newHarness with options; the clock is testNow unless opts has one.
func newHarnessWith(t testing.TB, opts Options) *harness {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = booking.ClockFunc(func() time.Time { return testNow })
	}
	h := &harness{t: t, opts: opts}
	h.path = testStorePath(t, &h.opts)
	h.start()
	t.Cleanup(h.stop)
	return h
}

func (h *harness) start() {
	h.t.Helper()
	srv, err := New(h.path, h.opts)
	if err != nil {
		h.t.Fatal(err)
	}
	h.srv = srv
	h.http = httptest.NewServer(srv.Handler())
	h.url = h.http.URL + api.BasePath
}

// storeUnderTest is the store that newHarness and openTestServer open: bbolt, unless
// TestConformance runs a test on PostgreSQL.
var storeUnderTest = storeBolt

const (
	storeBolt     = "bolt"
	storePostgres = "postgres"
)

// testStorePath returns what New opens for the store under test: a file in a temp dir, or
// a new PostgreSQL database with a key file in a temp dir (set in opts).
func testStorePath(t testing.TB, opts *Options) string {
	t.Helper()
	if storeUnderTest == storePostgres {
		if opts.KeyFile == "" {
			opts.KeyFile = filepath.Join(t.TempDir(), "central.key")
		}
		return pgtest.URL(t)
	}
	return filepath.Join(t.TempDir(), "central.db")
}

// openTestServer opens a server on the store under test; path and opts reopen it.
func openTestServer(t testing.TB, opts Options) (srv *Server, path string, _ Options) {
	t.Helper()
	path = testStorePath(t, &opts)
	srv, err := New(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return srv, path, opts
}

// newTestHTTP serves srv over plain HTTP on loopback until the test ends.
func newTestHTTP(t testing.TB, srv *Server) *httptest.Server {
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func (h *harness) stop() {
	if h.srv == nil {
		return
	}
	h.http.Close()
	if err := h.srv.Close(); err != nil {
		h.t.Error(err)
	}
	h.srv = nil
}

func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.start()
}

// do sends a request and returns the answer with its body read.
func (h *harness) do(method, path, contentType string, body []byte, header map[string]string) (*http.Response, []byte) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := h.http.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp, b
}

func (h *harness) postJSON(path string, v any, header map[string]string) (*http.Response, []byte) {
	h.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.do(http.MethodPost, path, api.ContentTypeJSON, b, header)
}

func (h *harness) push(req api.PushRequest) []api.EventResult {
	h.t.Helper()
	res, err := h.tryPush(req)
	if err != nil {
		h.t.Fatal(err)
	}
	return res
}

// tryPush is push for goroutines other than the test's, which must not call t.Fatal.
func (h *harness) tryPush(req api.PushRequest) ([]api.EventResult, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	resp, err := h.http.Client().Post(h.url+api.PathEvents, api.ContentTypeJSON, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("push: %s %s", resp.Status, body)
	}
	var out api.PushResponse
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, err
	}
	if err := out.ValidateFor(req); err != nil {
		return nil, fmt.Errorf("push answer: %w", err)
	}
	return out.Results, nil
}

// event makes a valid event of kiosk with sequence seq.
func event(kiosk string, seq uint64) api.Event {
	return api.EventFrom(api.MakeKey(kiosk, seq), booking.Event{Kind: booking.EventTicketIssued, Ticket: booking.Ticket{
		Number: booking.FormatNumber("A", int(seq%1000)), Day: "2026-11-25", Kind: booking.KindWalkIn,
		Status: booking.StatusIssued, ServiceID: "pas",
	}}, testNow.Add(time.Duration(seq)*time.Second))
}

// wantProblem checks that an answer is a problem+json with status.
func wantProblem(t testing.TB, resp *http.Response, body []byte, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("status %d, want %d (%s)", resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != api.ContentTypeProblem {
		t.Errorf("content type %q, want %s", ct, api.ContentTypeProblem)
	}
	var p api.Problem
	if err := json.Unmarshal(body, &p); err != nil || p.Status != status || p.Title == "" {
		t.Errorf("problem %+v (%v), want status %d", p, err, status)
	}
}
