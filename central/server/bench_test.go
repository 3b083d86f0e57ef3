package server

import (
	"testing"

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
