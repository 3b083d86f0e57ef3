package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// movableClock is a test clock that the test moves forward.
type movableClock struct{ now atomic.Pointer[time.Time] }

func newMovableClock(t time.Time) *movableClock {
	c := &movableClock{}
	c.now.Store(&t)
	return c
}

func (c *movableClock) Now() time.Time { return *c.now.Load() }
func (c *movableClock) Add(d time.Duration) {
	t := c.Now().Add(d)
	c.now.Store(&t)
}

func (h *harness) issue(req api.ActivationRequest, key string) (*http.Response, []byte) {
	h.t.Helper()
	return h.postJSON(api.PathActivationCodes, req, map[string]string{api.HeaderIdempotencyKey: key})
}

func TestActivationVerdicts(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		verdict, reason string
		want            int
	}{
		{api.AuthenticityGenuine, "", http.StatusCreated},
		{api.AuthenticityUnverified, "ingen CSCA for udstederen", http.StatusCreated},
		{api.AuthenticityVisualOnly, "", http.StatusCreated},
		{api.AuthenticityNotGenuine, "", http.StatusUnprocessableEntity},
		{"passive-ok", "", http.StatusBadRequest},
		{api.AuthenticityUnverified, "", http.StatusBadRequest},
		{api.AuthenticityUnverified, "CPR 0102031234", http.StatusBadRequest},
	}
	for i, tt := range tests {
		req := activationRequest()
		req.Evidence.Authenticity, req.Evidence.Reason = tt.verdict, tt.reason
		resp, body := h.issue(req, "k1/"+strconv.Itoa(i+1))
		if tt.want == http.StatusCreated {
			if resp.StatusCode != tt.want {
				t.Errorf("%s %q: %s %s", tt.verdict, tt.reason, resp.Status, body)
			}
			continue
		}
		wantProblem(t, resp, body, tt.want)
		if bytes.Contains(body, []byte(`"code"`)) {
			t.Errorf("%s: a refusal carries a code: %s", tt.verdict, body)
		}
	}
}

// TestActivationFloodIsLimited: one kiosk asking as fast as it can gets its hour's codes
// and then 429 with a Retry-After that, once waited, lets the next code through. A retry
// of a code already issued is answered the same and is not counted.
func TestActivationFloodIsLimited(t *testing.T) {
	clock := newMovableClock(testNow)
	h := newHarnessWith(t, Options{Clock: clock, CodesPerKioskHour: 5, CodesPerStaffHour: 1000})
	var first api.ActivationResponse
	issued, limited := 0, 0
	var retry int
	for i := 1; i <= 50; i++ {
		req := activationRequest()
		req.StaffID = "staff-" + strconv.Itoa(i) // many staff: the kiosk's limit decides
		resp, body := h.issue(req, "k1/"+strconv.Itoa(i))
		switch resp.StatusCode {
		case http.StatusCreated:
			issued++
			if i == 1 {
				_ = json.Unmarshal(body, &first)
			}
		case http.StatusTooManyRequests:
			limited++
			wantProblem(t, resp, body, http.StatusTooManyRequests)
			var err error
			if retry, err = strconv.Atoi(resp.Header.Get(api.HeaderRetryAfter)); err != nil || retry < 1 || retry > 3600 {
				t.Fatalf("Retry-After %q", resp.Header.Get(api.HeaderRetryAfter))
			}
		default:
			t.Fatalf("request %d: %s %s", i, resp.Status, body)
		}
	}
	if issued != 5 || limited != 45 {
		t.Fatalf("%d codes and %d refusals, want 5 and 45", issued, limited)
	}
	req := activationRequest()
	req.StaffID = "staff-1"
	resp, body := h.issue(req, "k1/1")
	var again api.ActivationResponse
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &again) != nil || again != first {
		t.Fatalf("retry of the first code while limited: %s %s", resp.Status, body)
	}
	clock.Add(time.Duration(retry) * time.Second)
	if resp, body := h.issue(req, "k1/51"); resp.StatusCode != http.StatusCreated {
		t.Fatalf("after Retry-After: %s %s", resp.Status, body)
	}
}

// TestActivationLimitPerStaff: one member of staff is limited across kiosks; another
// member of staff at the same kiosk is not.
func TestActivationLimitPerStaff(t *testing.T) {
	h := newHarnessWith(t, Options{CodesPerKioskHour: 1000, CodesPerStaffHour: 2})
	for i, tt := range []struct {
		kiosk, staff string
		want         int
	}{
		{"k1", "staff-7", http.StatusCreated},
		{"k2", "staff-7", http.StatusCreated},
		{"k1", "staff-7", http.StatusTooManyRequests},
		{"k3", "staff-7", http.StatusTooManyRequests},
		{"k1", "staff-8", http.StatusCreated},
	} {
		req := activationRequest()
		req.KioskID, req.StaffID = tt.kiosk, tt.staff
		resp, body := h.issue(req, tt.kiosk+"/"+strconv.Itoa(i+1))
		if resp.StatusCode != tt.want {
			t.Errorf("%d: %s at %s: %s %s, want %d", i, tt.staff, tt.kiosk, resp.Status, body, tt.want)
		}
	}
}

// TestActivationAnswerSurvivesRestart: the answer to a key is the same after a restart,
// and the file holds the code only sealed.
func TestActivationAnswerSurvivesRestart(t *testing.T) {
	h := newHarness(t)
	resp, body := h.issue(activationRequest(), "k1/9")
	var first api.ActivationResponse
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &first) != nil {
		t.Fatalf("%s %s", resp.Status, body)
	}
	h.restart()
	resp, body = h.issue(activationRequest(), "k1/9")
	var again api.ActivationResponse
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &again) != nil || again != first {
		t.Fatalf("after a restart: %s %s, want the first answer", resp.Status, body)
	}
	other := activationRequest()
	other.StaffID = "staff-8"
	resp, body = h.issue(other, "k1/9")
	wantProblem(t, resp, body, http.StatusUnprocessableEntity)
	h.stop()
	raw := rawStore(t, h)
	for _, s := range []string{first.Code, first.Code[:9], first.Code[10:]} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the database file holds %q of the code in clear", s)
		}
	}
}

// TestExpiredAnswersArePurged: kept answers are deleted once their codes expire, so the
// file (like memory) holds at most 48 hours of them.
func TestExpiredAnswersArePurged(t *testing.T) {
	clock := newMovableClock(testNow)
	h := newHarnessWith(t, Options{Clock: clock})
	for i := 1; i <= 3; i++ {
		if resp, body := h.issue(activationRequest(), "k1/"+strconv.Itoa(i)); resp.StatusCode != http.StatusCreated {
			t.Fatalf("%s %s", resp.Status, body)
		}
	}
	clock.Add(CodeValidity)
	if resp, body := h.issue(activationRequest(), "k1/4"); resp.StatusCode != http.StatusCreated {
		t.Fatalf("%s %s", resp.Status, body)
	}
	if answers := keptAnswers(t, h); answers != 1 {
		t.Fatalf("%d answers kept, want 1", answers)
	}
}

// TestLimitForgetsRefilledKeys: the limiter's memory holds the last hour's callers only.
func TestLimitForgetsRefilledKeys(t *testing.T) {
	l := newHourlyLimit(10)
	for i := range 1000 {
		l.take("staff-"+strconv.Itoa(i), testNow)
	}
	l.take("staff-x", testNow.Add(2*time.Hour))
	if len(l.buckets) != 1 {
		t.Fatalf("%d keys kept two hours later, want 1", len(l.buckets))
	}
	if w := l.wait("staff-x", testNow.Add(2*time.Hour)); w != 0 {
		t.Errorf("a key with 9 of 10 tokens left must wait %v", w)
	}
}

var _ booking.Clock = (*movableClock)(nil)
