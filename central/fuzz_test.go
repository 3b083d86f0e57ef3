package central

import (
	"bytes"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// FuzzAppointmentsAnswer feeds arbitrary bytes to the path a day's appointments take:
// decode, then per-record validation. It must never panic, and whatever it keeps must be
// valid and on the day.
func FuzzAppointmentsAnswer(f *testing.F) {
	f.Add([]byte(`{"day":"2026-11-25","appointments":[{"id":"a","code":"00000013","serviceId":"pas","start":"2026-11-25T10:00:00+01:00","durationSeconds":600,"citizen":{"givenNames":"Anna","surname":"J","birthDate":"1980-02-29"}}]}`))
	f.Add([]byte(`{"day":"2026-11-25","appointments":[{"id":"a","code":"00000013","start":"2026-11-25T10:00:00Z"},{"id":"a"}]}`))
	f.Add([]byte(`{"day":"2026-11-25","appointments":null}`))
	f.Add([]byte(`[1,2,3]`))
	f.Add([]byte(`{"day":"2026-11-25","appointments":[{"citizen":{"birthDate":"2026-02-29"}}]} {}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var list api.AppointmentList
		if err := decodeJSON(bytes.NewReader(body), &list); err != nil {
			if !errors.Is(err, ErrMalformedResponse) {
				t.Fatalf("decode error %v is not ErrMalformedResponse", err)
			}
			return
		}
		kept, skipped, err := validAppointments("2026-11-25", list.Appointments)
		if err != nil {
			if !errors.Is(err, ErrMalformedResponse) || len(list.Appointments) == 0 {
				t.Fatalf("validation error %v", err)
			}
			return
		}
		if len(kept)+skipped != len(list.Appointments) {
			t.Fatalf("%d kept + %d skipped != %d", len(kept), skipped, len(list.Appointments))
		}
		for _, a := range kept {
			if a.Day() != "2026-11-25" || a.ID == "" {
				t.Fatalf("kept an appointment on %s with id %q", a.Day(), a.ID)
			}
		}
	})
}

// FuzzProblemAndRetryAfter feeds arbitrary refusals: a problem body and a Retry-After
// header. Neither may panic; a problem's texts stay bounded.
func FuzzProblemAndRetryAfter(f *testing.F) {
	f.Add(503, []byte(`{"title":"Busy","status":503,"detail":"later"}`), "120")
	f.Add(429, []byte(`{"title":`), "Wed, 25 Nov 2026 09:00:30 GMT")
	f.Add(400, []byte(`{"detail":"`+string(bytes.Repeat([]byte("ø"), 400))+`"}`), "-1")
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter string) {
		h := http.Header{"Content-Type": {api.ContentTypeProblem}}
		p := problemOf(status, h, body)
		if len(p.Title) > maxProblemDetail+len("…") || len(p.Detail) > maxProblemDetail+len("…") {
			t.Fatalf("problem texts not bounded: %d, %d bytes", len(p.Title), len(p.Detail))
		}
		_ = p.Error()
		if d, ok := parseRetryAfter(retryAfter, time.Now()); ok && d < 0 {
			t.Fatalf("negative wait %v from %q", d, retryAfter)
		}
	})
}
