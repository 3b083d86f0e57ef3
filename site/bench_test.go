package site

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// The desk's figures (docs/BENCHMARKS.md): a desk over mutual TLS on loopback with its
// bbolt file in a temp dir, clients in the same process, each with its own certificate.

func benchSite(b *testing.B) *testSite {
	machines := []Machine{{Name: "door", Roles: []Role{RoleSelfService}}, {Name: "board", Roles: []Role{RoleDisplay}}}
	for i := 1; i <= 8; i++ {
		machines = append(machines, Machine{Name: fmt.Sprintf("counter-%d", i), Roles: []Role{RoleCounter}})
	}
	return startSiteWith(b, machines)
}

// seed issues n walk-in tickets straight into the desk's database.
func seed(b *testing.B, s *testSite, n int) {
	now := time.Now()
	for range n {
		t := booking.Ticket{Day: booking.DayOf(now), Kind: booking.KindWalkIn, ServiceID: "pas", IssuedAt: now}
		if _, _, err := s.db.IssueTicket(t, "A", booking.EventTicketIssued); err != nil {
			b.Fatal(err)
		}
	}
}

func reportLatencies(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkCallNextEightCounters: eight counters call at once; each op is one call, timed
// from the counter's request to its answer.
func BenchmarkCallNextEightCounters(b *testing.B) {
	s := benchSite(b)
	seed(b, s, b.N)
	var left atomic.Int64
	left.Store(int64(b.N))
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	b.ResetTimer()
	for i := 1; i <= 8; i++ {
		c := s.client(b, fmt.Sprintf("counter-%d", i))
		wg.Go(func() {
			var mine []time.Duration
			for left.Add(-1) >= 0 {
				t0 := time.Now()
				if _, err := c.CallNext(fmt.Sprint(i), nil); err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	b.StopTimer()
	reportLatencies(b, lat)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}

// BenchmarkCallReachesBoard: one counter calls; each op is timed from the call's request
// to the board's stream delivering it.
func BenchmarkCallReachesBoard(b *testing.B) {
	s := benchSite(b)
	seed(b, s, b.N)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	updates := s.client(b, "board").Changes(ctx)
	<-updates // the first reset
	counter := s.client(b, "counter-1")
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		t, err := counter.CallNext("1", nil)
		if err != nil {
			b.Fatal(err)
		}
		for u := range updates {
			if u.Change.Ticket.Number == t.Number {
				break
			}
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportLatencies(b, lat)
}

// BenchmarkWalkInsPerSecond: eight door kiosks take tickets at once; tickets/s is what
// the desk sustains, each ticket on disk before its answer.
func BenchmarkWalkInsPerSecond(b *testing.B) {
	s := benchSite(b)
	door := s.client(b, "door")
	var left atomic.Int64
	left.Store(int64(b.N))
	var wg sync.WaitGroup
	b.ResetTimer()
	for range 8 {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				if _, err := door.WalkIn("pas"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}
