package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
)

func activationRequest() api.ActivationRequest {
	return api.ActivationRequest{KioskID: "k1", StaffID: "staff-7", Evidence: api.Evidence{
		DocumentType: "P", IssuingState: "DNK", Protocol: api.ProtocolPACE, Authenticity: api.AuthenticityGenuine,
		FaceConfirmedByStaff: true, CPRHash: "b64hmac",
	}}
}

var codeForm = regexp.MustCompile(`^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$`)

func TestActivationCode(t *testing.T) {
	h := newHarness(t)
	key := map[string]string{api.HeaderIdempotencyKey: "k1/9"}
	resp, body := h.postJSON(api.PathActivationCodes, activationRequest(), key)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("%s %s", resp.Status, body)
	}
	var first api.ActivationResponse
	if err := json.Unmarshal(body, &first); err != nil || first.Validate() != nil {
		t.Fatalf("answer: %v %v", err, first.Validate())
	}
	if !codeForm.MatchString(first.Code) {
		t.Errorf("code %q has the wrong form", first.Code)
	}
	if !first.ExpiresAt.Equal(testNow.Add(CodeValidity)) {
		t.Errorf("expires %v, want %v", first.ExpiresAt, testNow.Add(CodeValidity))
	}
	if !strings.Contains(first.UserIDHint, "***") {
		t.Errorf("user id hint is not masked")
	}

	// The retry answers the same; another key another code.
	resp, body = h.postJSON(api.PathActivationCodes, activationRequest(), key)
	var again api.ActivationResponse
	if err := json.Unmarshal(body, &again); err != nil || resp.StatusCode != http.StatusCreated || again != first {
		t.Fatalf("retry: %s, same answer %v", resp.Status, again == first)
	}
	_, body = h.postJSON(api.PathActivationCodes, activationRequest(), map[string]string{api.HeaderIdempotencyKey: "k1/10"})
	var other api.ActivationResponse
	if err := json.Unmarshal(body, &other); err != nil || other.Code == first.Code {
		t.Fatalf("second key: same code or %v", err)
	}
}

func TestActivationRefusals(t *testing.T) {
	h := newHarness(t)
	if resp, body := h.postJSON(api.PathActivationCodes, activationRequest(), map[string]string{api.HeaderIdempotencyKey: "k1/1"}); resp.StatusCode != http.StatusCreated {
		t.Fatalf("%s %s", resp.Status, body)
	}
	noFace := activationRequest()
	noFace.Evidence.FaceConfirmedByStaff = false
	otherStaff := activationRequest()
	otherStaff.StaffID = "staff-8"
	badProtocol := activationRequest()
	badProtocol.Evidence.Protocol = "EAC"
	tests := []struct {
		name string
		key  string
		req  any
		want int
	}{
		{"no key", "", activationRequest(), http.StatusBadRequest},
		{"malformed key", "k1-1", activationRequest(), http.StatusBadRequest},
		{"other kiosk's key", "k2/1", activationRequest(), http.StatusUnprocessableEntity},
		{"face not confirmed", "k1/2", noFace, http.StatusUnprocessableEntity},
		{"key reused for another request", "k1/1", otherStaff, http.StatusUnprocessableEntity},
		{"invalid evidence", "k1/3", badProtocol, http.StatusBadRequest},
		{"not an object", "k1/4", []int{1}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tt.key != "" {
				hdr[api.HeaderIdempotencyKey] = tt.key
			}
			resp, body := h.postJSON(api.PathActivationCodes, tt.req, hdr)
			wantProblem(t, resp, body, tt.want)
		})
	}
}

func TestCodeAlphabet(t *testing.T) {
	seen := map[rune]bool{}
	for _, r := range codeAlphabet {
		if seen[r] || strings.ContainsRune("0O1I", r) {
			t.Errorf("%q twice or ambiguous", r)
		}
		seen[r] = true
	}
	// newCode takes the low five bits of a byte: only 32 letters make that unbiased.
	if len(codeAlphabet) != 32 {
		t.Errorf("%d letters, want 32", len(codeAlphabet))
	}
}

// TestActivationAnswerForgottenAfterExpiry: the answer to a key is kept only while its code
// is valid; a "retry" after that is a new request and gets a new code.
func TestActivationAnswerForgottenAfterExpiry(t *testing.T) {
	var now atomic.Pointer[time.Time]
	now.Store(&testNow)
	srv, _, _ := openTestServer(t, Options{Clock: booking.ClockFunc(func() time.Time { return *now.Load() })})
	defer srv.Close()
	issue := func() api.ActivationResponse {
		t.Helper()
		body, _ := json.Marshal(activationRequest())
		req := httptest.NewRequest(http.MethodPost, api.BasePath+api.PathActivationCodes, bytes.NewReader(body))
		req.Header.Set("Content-Type", api.ContentTypeJSON)
		req.Header.Set(api.HeaderIdempotencyKey, "k1/1")
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		var out api.ActivationResponse
		if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		return out
	}
	first := issue()
	later := testNow.Add(CodeValidity - time.Second)
	now.Store(&later)
	if issue() != first {
		t.Fatal("a retry within the validity got another answer")
	}
	expired := testNow.Add(CodeValidity)
	now.Store(&expired)
	if again := issue(); again.Code == first.Code || !again.ExpiresAt.Equal(expired.Add(CodeValidity)) {
		t.Fatalf("after expiry: same code %v, expires %v", again.Code == first.Code, again.ExpiresAt)
	}
}
