package site

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

func TestSSEReader(t *testing.T) {
	in := ": keep-alive\n\nid: 7\nevent: change\ndata: {\"a\":1}\n\n" +
		"data: one\r\ndata:two\n\nid: 9\n\nevent: reset\nid: 10\ndata: {}\n\nid: 11\ndata: cut"
	r := newSSEReader(strings.NewReader(in))
	want := []sseEvent{
		{ID: "7", Event: "change", Data: `{"a":1}`},
		{Event: "message", Data: "one\ntwo"},
		{ID: "10", Event: "reset", Data: "{}"},
	}
	for _, w := range want {
		got, err := r.Next()
		if err != nil || got != w {
			t.Fatalf("Next = %+v, %v; want %+v", got, err, w)
		}
	}
	if _, err := r.Next(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("an event cut off = %v, want io.ErrUnexpectedEOF", err)
	}
	long := "data: " + strings.Repeat("x", maxSSELine) + "\n\n"
	if _, err := newSSEReader(strings.NewReader(long)).Next(); !errors.Is(err, ErrProtocol) {
		t.Fatalf("an overlong line = %v, want ErrProtocol", err)
	}
}

// FuzzSSEReader: any stream either parses into events that write back to the same events,
// or ends with an error; it never panics or loops.
func FuzzSSEReader(f *testing.F) {
	f.Add("id: 1\nevent: change\ndata: {}\n\n")
	f.Add(": c\n\ndata: a\ndata: b\n\n")
	f.Add("data\n\nid\x00: 2\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		r := newSSEReader(strings.NewReader(in))
		for range len(in) + 1 {
			ev, err := r.Next()
			if err != nil {
				return
			}
			var buf bytes.Buffer
			if err := writeSSE(&buf, ev.ID, ev.Event, ev.Data); err != nil {
				t.Fatal(err)
			}
			if strings.ContainsAny(ev.ID+ev.Event, "\r\n") {
				continue // writeSSE's callers never pass these
			}
			again, err := newSSEReader(&buf).Next()
			if err != nil || again != ev {
				t.Fatalf("%+v written and read again = %+v, %v", ev, again, err)
			}
		}
		t.Fatal("Next returned more events than the input has bytes")
	})
}

// FuzzRequests sends any body to every endpoint that decodes one, as a loopback client:
// the desk answers 2xx or a problem below 500, and never panics.
func FuzzRequests(f *testing.F) {
	for _, s := range []string{`{"code":"1234-5678"}`, `{"serviceId":"pas"}`, `{"birthDate":"1990-02-30"}`,
		`{"ticket":{"number":"A001","kind":"x","status":"called"}}`, `{"services":["pas"]}`, `[]`, `{`} {
		f.Add(s)
	}
	desk, _ := openDesk(f, filepath.Join(dbDir(f), "desk.db"))
	h := NewServer(desk, nil)
	paths := []string{"/v1/check-ins", "/v1/check-ins/appointment", "/v1/appointments/search", "/v1/walk-ins",
		"/v1/booked", "/v1/counters/1/call-next", "/v1/tickets/A001/transfer", "/v1/tickets/A001/finish"}
	f.Fuzz(func(t *testing.T, body string) {
		for i, p := range paths {
			req := httptest.NewRequest(http.MethodPost, p, strings.NewReader(body))
			req.Header.Set("Idempotency-Key", "fuzz"+string(rune('a'+i))+body[:min(len(body), 40)])
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("POST %s %q: status %d: %s", p, body, rec.Code, rec.Body)
			}
		}
	})
}
