package central

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// TestAppointmentsStreamed: the day's appointments are decoded as they arrive; a body
// past the bound is malformed, one cut by the network is unavailable, a refusal is a
// problem, and a 503 before the answer is retried.
func TestAppointmentsStreamed(t *testing.T) {
	const day = "2026-11-25"
	list := `{"day":"` + day + `","appointments":[]}`
	cut := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", api.ContentTypeJSON)
		w.Header().Set("Content-Length", "1000")
		_, _ = io.WriteString(w, list[:20])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection drops mid-body
	}
	tests := []struct {
		name     string
		answers  []func(http.ResponseWriter)
		limit    int64
		err      error
		status   int
		attempts int
	}{
		{"ok", []func(http.ResponseWriter){body(api.ContentTypeJSON, list)}, 1 << 20, nil, 0, 1},
		{"over the bound", []func(http.ResponseWriter){body(api.ContentTypeJSON, list+strings.Repeat(" ", 100))}, int64(len(list)), ErrMalformedResponse, 0, 1},
		{"cut mid-body", []func(http.ResponseWriter){cut}, 1 << 20, ErrUnavailable, 0, 1},
		{"refused", []func(http.ResponseWriter){status(404)}, 1 << 20, nil, 404, 1},
		{"503 then ok", []func(http.ResponseWriter){status(503), body(api.ContentTypeJSON, list)}, 1 << 20, nil, 0, 2},
		{"wrong content type", []func(http.ResponseWriter){body("text/plain", list)}, 1 << 20, ErrMalformedResponse, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{answers: tt.answers}
			c := testClient(t, s, Options{})
			c.appointmentsLimit = tt.limit
			got, etag, _, err := c.Appointments(context.Background(), day, "")
			if s.count() != tt.attempts {
				t.Errorf("%d attempts, want %d", s.count(), tt.attempts)
			}
			var perr *ProblemError
			switch {
			case tt.status != 0:
				if !errors.As(err, &perr) || perr.Status != tt.status || perr.Title != "Nope" {
					t.Fatalf("error %v, want problem %d", err, tt.status)
				}
			case tt.err != nil:
				if !errors.Is(err, tt.err) || got.Day != "" {
					t.Fatalf("error %v, list %+v; want %v and nothing", err, got, tt.err)
				}
			default:
				if err != nil || got.Day != day || etag != `"e1"` {
					t.Fatalf("%v %+v %q", err, got, etag)
				}
			}
		})
	}
}

// TestDownloadTimeout: the day's appointments may take longer than other calls.
func TestDownloadTimeout(t *testing.T) {
	slow := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", api.ContentTypeJSON)
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"day":"2026-11-25",`)
		w.(http.Flusher).Flush()
		time.Sleep(time.Second) // the body takes ten times the attempt timeout
		_, _ = io.WriteString(w, `"appointments":[], "services":[]}`)
	}
	s := &scripted{answers: []func(http.ResponseWriter){slow}}
	c := testClient(t, s, Options{AttemptTimeout: 100 * time.Millisecond, DownloadTimeout: time.Minute, MaxAttempts: 1})
	if _, _, _, err := c.Appointments(context.Background(), "2026-11-25", ""); err != nil {
		t.Errorf("appointments within the download timeout: %v", err)
	}
	if _, _, _, err := c.Services(context.Background(), ""); !errors.Is(err, ErrUnavailable) {
		t.Errorf("services beyond the attempt timeout: %v, want ErrUnavailable", err)
	}
}
