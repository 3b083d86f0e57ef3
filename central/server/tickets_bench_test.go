package server

import (
	"fmt"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// BenchmarkSiteTickets answers one day's tickets from 20 000 events spread over 20 days
// (1 000 a day, 300 numbers each), on bbolt (a scan of the log) and PostgreSQL (the index
// of migration 00003).
func BenchmarkSiteTickets(b *testing.B) {
	for _, kind := range []string{storeBolt, storePostgres} {
		b.Run(kind, func(b *testing.B) {
			storeUnderTest = kind
			defer func() { storeUnderTest = storeBolt }()
			h := newHarness(b)
			seq := uint64(0)
			for range 40 {
				req := api.PushRequest{KioskID: "desk", Events: make([]api.Event, api.MaxBatchEvents)}
				for i := range req.Events {
					seq++
					day := testNow.AddDate(0, 0, -int(seq%20)).Format(time.DateOnly)
					req.Events[i] = ticketEvent("desk", seq, booking.EventCalled, fmt.Sprintf("A%03d", 1+seq/20%300), day, booking.StatusCalled)
				}
				h.push(req)
			}
			b.ResetTimer()
			for b.Loop() {
				list, err := h.srv.SiteTickets(b.Context(), DefaultSite, "2026-11-25")
				if err != nil || len(list.Tickets) != 300 {
					b.Fatalf("%d tickets (%v), want 300", len(list.Tickets), err)
				}
			}
		})
	}
}
