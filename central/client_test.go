package central

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

func TestCheckURL(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{in: "https://central.example", want: "https://central.example/v1"},
		{in: "https://central.example/v1/", want: "https://central.example/v1"},
		{in: "https://central.example/api/v1", want: "https://central.example/api/v1"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080/v1"},
		{in: "http://127.9.9.9:8080/v1", want: "http://127.9.9.9:8080/v1"},
		{in: "http://localhost:8080", want: "http://localhost:8080/v1"},
		{in: "http://[::1]:8080", want: "http://[::1]:8080/v1"},
		{in: "http://central.example", err: ErrInsecureURL},
		{in: "http://10.0.0.1:8080", err: ErrInsecureURL},
		{in: "http://localhost.evil.example", err: ErrInsecureURL},
		{in: "ftp://central.example", err: ErrInsecureURL},
		{in: "central.example", err: ErrConfig},
		{in: "https://user:pw@central.example", err: ErrConfig},
		{in: "https://central.example/v1?x=1", err: ErrConfig},
		{in: "::", err: ErrConfig},
	}
	for _, tt := range tests {
		got, err := CheckURL(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("CheckURL(%q) = %q, %v; want %v", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("CheckURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNewClientRefuses(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		err  error
	}{
		{"http to a network host", Options{URL: "http://central.example", Site: "s", KioskID: "k"}, ErrInsecureURL},
		{"no site", Options{URL: "https://central.example", KioskID: "k"}, ErrConfig},
		{"kiosk id with slash", Options{URL: "https://central.example", Site: "s", KioskID: "k/1"}, ErrConfig},
		{"cert without key", Options{URL: "https://central.example", Site: "s", KioskID: "k", ClientCert: "c.pem"}, ErrConfig},
		{"missing CA file", Options{URL: "https://central.example", Site: "s", KioskID: "k", CA: "/nonexistent/ca.pem"}, ErrConfig},
		{"bad pin", Options{URL: "https://central.example", Site: "s", KioskID: "k", PinnedKey: "abc"}, ErrConfig},
		{"TLS with a foreign transport", Options{URL: "https://central.example", Site: "s", KioskID: "k",
			PinnedKey: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Transport: roundTripFunc(nil)}, ErrConfig},
	}
	for _, tt := range tests {
		if _, err := NewClient(tt.opt); !errors.Is(err, tt.err) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.err)
		}
	}
	_, err := NewClient(Options{URL: "http://central.example", Site: "s", KioskID: "k"})
	if err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("the insecure URL error should say what to use: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"Wed, 25 Nov 2026 09:00:30 GMT", 30 * time.Second, true},
		{"Wed, 25 Nov 2026 08:00:00 GMT", 0, true}, // in the past: now
		{"99999999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFullJitterBounds(t *testing.T) {
	for attempt := 0; attempt < 70; attempt++ {
		ceiling := min(100*time.Millisecond<<max(attempt-1, 0), 3*time.Second)
		if attempt > 30 {
			ceiling = 3 * time.Second
		}
		for range 50 {
			d := fullJitter(100*time.Millisecond, 3*time.Second, attempt)
			if d <= 0 || d > ceiling {
				t.Fatalf("attempt %d: %v outside (0, %v]", attempt, d, ceiling)
			}
		}
	}
}

// scripted is a test server that answers the i-th request with answers[i] (the last one
// repeats) and records what it received.
type scripted struct {
	mu      sync.Mutex
	answers []func(w http.ResponseWriter)
	keys    []string
	bodies  []string
	at      []time.Time
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	i := len(s.keys)
	s.keys = append(s.keys, r.Header.Get(api.HeaderIdempotencyKey))
	s.bodies = append(s.bodies, string(body))
	s.at = append(s.at, time.Now())
	answer := s.answers[min(i, len(s.answers)-1)]
	s.mu.Unlock()
	answer(w)
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.keys)
}

func status(code int, header ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", api.ContentTypeProblem)
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"title":"Nope","status":`+strconv.Itoa(code)+`,"detail":"because"}`)
	}
}

func body(contentType, text string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set(api.HeaderETag, `"e1"`)
		_, _ = io.WriteString(w, text)
	}
}

func hang(d time.Duration) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { time.Sleep(d) }
}

const servicesJSON = `{"services":[{"id":"pas","nameDa":"Pas","nameEn":"Passport","prefix":"A","durationSeconds":600}]}`

func testClient(t *testing.T, h http.Handler, opt Options) *Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	opt.URL, opt.Site, opt.KioskID = ts.URL, "demo", "k1"
	if opt.MinBackoff == 0 {
		opt.MinBackoff = time.Millisecond
	}
	if opt.MaxBackoff == 0 {
		opt.MaxBackoff = 20 * time.Millisecond
	}
	if opt.AttemptTimeout == 0 {
		opt.AttemptTimeout = 2 * time.Second
	}
	c, err := NewClient(opt)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRetryPolicy checks which answers are retried and what error the caller gets.
func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		name     string
		answers  []func(http.ResponseWriter)
		attempts int
		err      error // nil: success
		status   int   // of the *ProblemError, if any
	}{
		{"ok", []func(http.ResponseWriter){body(api.ContentTypeJSON, servicesJSON)}, 1, nil, 0},
		{"503 then ok", []func(http.ResponseWriter){status(503), status(503), body(api.ContentTypeJSON, servicesJSON)}, 3, nil, 0},
		{"408 then ok", []func(http.ResponseWriter){status(408), body(api.ContentTypeJSON, servicesJSON)}, 2, nil, 0},
		{"storm of 500", []func(http.ResponseWriter){status(500)}, 4, ErrUnavailable, 500},
		{"400 is not retried", []func(http.ResponseWriter){status(400)}, 1, nil, 400},
		{"404 is not retried", []func(http.ResponseWriter){status(404)}, 1, nil, 404},
		{"malformed JSON", []func(http.ResponseWriter){body(api.ContentTypeJSON, `{"services":[{]}`)}, 1, ErrMalformedResponse, 0},
		{"two JSON values", []func(http.ResponseWriter){body(api.ContentTypeJSON, servicesJSON+"{}")}, 1, ErrMalformedResponse, 0},
		{"wrong content type", []func(http.ResponseWriter){body("text/html", servicesJSON)}, 1, ErrMalformedResponse, 0},
		{"oversized", []func(http.ResponseWriter){body(api.ContentTypeJSON, `{"services":[`+strings.Repeat(" ", maxServicesBody)+`]}`)}, 1, ErrMalformedResponse, 0},
		// The only case that needs the attempt timeout to fire: the server hangs ten times
		// longer than an attempt may take. The others get a timeout a loaded machine never
		// reaches, so that no slow write of a big body turns into a retry.
		{"hanging server", []func(http.ResponseWriter){hang(time.Second)}, 4, ErrUnavailable, 0},
		{"redirect", []func(http.ResponseWriter){status(307, "Location", "https://elsewhere.example/")}, 1, ErrMalformedResponse, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{answers: tt.answers}
			timeout := time.Minute
			if tt.name == "hanging server" {
				timeout = 100 * time.Millisecond
			}
			c := testClient(t, s, Options{MaxAttempts: 4, AttemptTimeout: timeout})
			svcs, etag, _, err := c.Services(context.Background(), "")
			if n := s.count(); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
			var perr *ProblemError
			switch {
			case tt.status != 0:
				if !errors.As(err, &perr) || perr.Status != tt.status {
					t.Fatalf("error %v, want a *ProblemError %d", err, tt.status)
				}
				if tt.status < 500 && (perr.Title != "Nope" || perr.Detail != "because") {
					t.Errorf("problem %+v, want the body's title and detail", perr)
				}
				if tt.err != nil && !errors.Is(err, tt.err) {
					t.Errorf("error %v, want %v", err, tt.err)
				}
			case tt.err != nil:
				if !errors.Is(err, tt.err) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
				if svcs != nil {
					t.Errorf("got services from a bad answer")
				}
			default:
				if err != nil || len(svcs) != 1 || etag != `"e1"` {
					t.Fatalf("%v %v %q", err, svcs, etag)
				}
			}
		})
	}
}

func TestRetryAfterHonouredAndClamped(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		maxBackoff time.Duration
		min, max   time.Duration
	}{
		{"seconds", "1", 5 * time.Second, 900 * time.Millisecond, 3 * time.Second},
		{"clamped to MaxBackoff", "3600", 100 * time.Millisecond, 80 * time.Millisecond, 2 * time.Second},
		{"HTTP date", "date+3s", 5 * time.Second, 1500 * time.Millisecond, 4 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.retryAfter == "date+3s" {
				// An HTTP date has whole seconds: 3 s ahead is 2 to 3 s away.
				tt.retryAfter = time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
			}
			s := &scripted{answers: []func(http.ResponseWriter){status(429, "Retry-After", tt.retryAfter), body(api.ContentTypeJSON, servicesJSON)}}
			c := testClient(t, s, Options{MinBackoff: time.Millisecond, MaxBackoff: tt.maxBackoff})
			if _, _, _, err := c.Services(context.Background(), ""); err != nil {
				t.Fatal(err)
			}
			if gap := s.at[1].Sub(s.at[0]); gap < tt.min || gap > tt.max {
				t.Errorf("waited %v between attempts, want %v to %v", gap, tt.min, tt.max)
			}
		})
	}
}

// TestContextBoundsTheCall: retries and waits stop when the caller's context ends.
func TestContextBoundsTheCall(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(503, "Retry-After", "30")}}
	c := testClient(t, s, Options{MaxAttempts: 10, MaxBackoff: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, _, err := c.Services(ctx, "")
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error %v, want the deadline and ErrUnavailable", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v after a 200ms deadline", d)
	}
}

func TestNotModified(t *testing.T) {
	var gotTag string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotTag = r.Header.Get(api.HeaderIfNoneMatch)
		w.WriteHeader(http.StatusNotModified)
	})
	c := testClient(t, h, Options{})
	svcs, etag, same, err := c.Services(context.Background(), `"abc"`)
	if err != nil || !same || svcs != nil || etag != `"abc"` || gotTag != `"abc"` {
		t.Fatalf("%v %v %v %q (sent %q)", err, same, svcs, etag, gotTag)
	}
}

// TestActivationKeyAndBodyStable: the idempotency key and the body are the same on every
// attempt, and the code comes back.
func TestActivationKeyAndBodyStable(t *testing.T) {
	ok := body(api.ContentTypeJSON, `{"userIdHint":"ab******cd","code":"ABCD-EFGH","expiresAt":"2026-11-27T09:00:00Z"}`)
	s := &scripted{answers: []func(http.ResponseWriter){status(503), status(502), func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", api.ContentTypeJSON)
		w.WriteHeader(http.StatusCreated)
		ok(w)
	}}}
	c := testClient(t, s, Options{})
	req := api.ActivationRequest{KioskID: "k1", StaffID: "s1", Evidence: api.Evidence{
		DocumentType: "P", IssuingState: "DNK", Protocol: api.ProtocolPACE, Authenticity: api.AuthenticityGenuine, FaceConfirmedByStaff: true}}
	resp, err := c.IssueActivationCode(context.Background(), "k1/9", req)
	if err != nil || resp.Code != "ABCD-EFGH" {
		t.Fatalf("%v %+v", err, resp)
	}
	if len(s.keys) != 3 {
		t.Fatalf("%d attempts, want 3", len(s.keys))
	}
	for i := range s.keys {
		if s.keys[i] != "k1/9" || s.bodies[i] != s.bodies[0] || s.bodies[i] == "" {
			t.Errorf("attempt %d: key %q, body %q; want the first attempt's", i, s.keys[i], s.bodies[i])
		}
	}
}

func TestActivationCodeNotInErrors(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", api.ContentTypeJSON)
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"userIdHint":"ab******cd","code":"SECRET CODE","expiresAt":"2026-11-27T09:00:00Z"}`)
	}}}
	c := testClient(t, s, Options{})
	req := api.ActivationRequest{KioskID: "k1", StaffID: "s1", Evidence: api.Evidence{
		DocumentType: "P", IssuingState: "DNK", Protocol: api.ProtocolBAC, Authenticity: api.AuthenticityGenuine, FaceConfirmedByStaff: true}}
	_, err := c.IssueActivationCode(context.Background(), "k1/10", req)
	if !errors.Is(err, ErrMalformedResponse) || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("error %v: want ErrMalformedResponse without the code", err)
	}
}

func TestPushResultsMustMatch(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){body(api.ContentTypeJSON, `{"results":[{"key":"k1/2","status":"applied"}]}`)}}
	c := testClient(t, s, Options{})
	ev := api.Event{Key: "k1/1", Kind: api.KindTicketIssued, At: time.Now(), Ticket: api.Ticket{
		Number: "A001", Day: "2026-11-25", Kind: "walk-in", Status: "issued", ServiceID: "pas"}}
	if _, err := c.Push(context.Background(), []api.Event{ev}); !errors.Is(err, ErrMalformedResponse) {
		t.Fatalf("error %v, want ErrMalformedResponse", err)
	}
	if _, err := c.Push(context.Background(), make([]api.Event, api.MaxBatchEvents+1)); !errors.Is(err, api.ErrTooManyEvents) {
		t.Fatalf("501 events: %v", err)
	}
}
