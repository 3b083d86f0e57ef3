package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// BenchmarkPushBatch pushes new events in batches of 100 over real HTTP: one bbolt
// transaction (one fsync) per batch. Compare events/s with BenchmarkPushOneByOne.
func BenchmarkPushBatch(b *testing.B) {
	benchmarkPush(b, 100)
}

// BenchmarkPushOneByOne pushes each event in its own request and transaction.
func BenchmarkPushOneByOne(b *testing.B) {
	benchmarkPush(b, 1)
}

func benchmarkPush(b *testing.B, batch int) {
	h := newHarness(b)
	seq := uint64(0)
	events := 0
	b.ResetTimer()
	for b.Loop() {
		req := api.PushRequest{KioskID: "bench", Events: make([]api.Event, batch)}
		for i := range req.Events {
			seq++
			req.Events[i] = event("bench", seq)
		}
		for _, r := range h.push(req) {
			if r.Status != api.ResultApplied {
				b.Fatalf("%+v", r)
			}
		}
		events += batch
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkIssueActivationCode issues new codes through the handler, as centrald does: the
// evidence checks, both hourly limits (set high enough never to refuse), the sealed answer
// kept in the file (one transaction and fsync per code) and the purge of expired answers.
func BenchmarkIssueActivationCode(b *testing.B) {
	srv := benchServer(b, Options{CodesPerKioskHour: 1 << 30, CodesPerStaffHour: 1 << 30})
	h := srv.Handler()
	body, _ := json.Marshal(activationRequest())
	seq := 0
	for b.Loop() {
		seq++
		if code := issueDirect(h, body, "k1/"+strconv.Itoa(seq)); code != http.StatusCreated {
			b.Fatalf("status %d", code)
		}
	}
	b.ReportMetric(float64(seq)/b.Elapsed().Seconds(), "codes/s")
}

// BenchmarkRefuseActivationCode is the cost of a flood: every request past the kiosk's
// limit is answered 429 without touching the file.
func BenchmarkRefuseActivationCode(b *testing.B) {
	srv := benchServer(b, Options{CodesPerKioskHour: 1})
	h := srv.Handler()
	body, _ := json.Marshal(activationRequest())
	if code := issueDirect(h, body, "k1/0"); code != http.StatusCreated {
		b.Fatalf("status %d", code)
	}
	seq := 0
	for b.Loop() {
		seq++
		if code := issueDirect(h, body, "k1/"+strconv.Itoa(seq)); code != http.StatusTooManyRequests {
			b.Fatalf("status %d", code)
		}
	}
	b.ReportMetric(float64(seq)/b.Elapsed().Seconds(), "refusals/s")
}

func benchServer(b testing.TB, opts Options) *Server {
	b.Helper()
	opts.Clock = booking.ClockFunc(func() time.Time { return testNow })
	srv, err := New(filepath.Join(b.TempDir(), "central.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	return srv
}

// issueDirect sends one activation request through h and returns the status.
func issueDirect(h http.Handler, body []byte, key string) int {
	req := httptest.NewRequest(http.MethodPost, api.BasePath+api.PathActivationCodes, bytes.NewReader(body))
	req.Header.Set("Content-Type", api.ContentTypeJSON)
	req.Header.Set(api.HeaderIdempotencyKey, key)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}
