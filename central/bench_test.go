package central

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
)

// benchPush measures pushing 200 events per iteration in batches of batch events, each
// batch acknowledged in one commit on each side. Filling the outbox (one commit per ticket,
// as at a real kiosk) is not timed.
func benchPush(b *testing.B, batch int) {
	const perIteration = 200
	url, srv := centraltest.Start(b)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		b.Fatal(err)
	}
	k := newKiosk(b, url, Options{AttemptTimeout: 10 * time.Second}, SyncOptions{Batch: batch})
	if err := k.sync.Once(context.Background()); err != nil {
		b.Fatal(err)
	}
	day := booking.DayOf(time.Now())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for range perIteration {
			t := booking.Ticket{Day: day, ServiceID: "pas", Kind: booking.KindWalkIn, IssuedAt: time.Now()}
			if _, _, err := k.db.IssueTicket(t, "A", booking.EventTicketIssued); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC() // the garbage of filling is not the push's
		b.StartTimer()
		var rep Report
		if err := k.sync.push(context.Background(), &rep); err != nil || rep.Applied != perIteration {
			b.Fatalf("push: %v, %+v", err, rep)
		}
	}
	b.ReportMetric(float64(b.N*perIteration)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkPushBatched pushes the outbox in batches of 200: one request and one commit on
// each side per 200 events.
func BenchmarkPushBatched(b *testing.B) { benchPush(b, 200) }

// BenchmarkPushOneByOne pushes one event per request and per commit, the way not to do it;
// compare its events/s with BenchmarkPushBatched's.
func BenchmarkPushOneByOne(b *testing.B) { benchPush(b, 1) }

// dayOf100k makes 100 000 appointments on day, spread over twelve hours.
func dayOf100k(day time.Time) []booking.Appointment {
	const n = 100_000
	givens := []string{"Anna Sofie", "Mikkel", "Freja", "Søren", "Ida Marie", "Jens Peter"}
	surnames := []string{"Jensen", "Nielsen", "Hansen", "Pedersen", "Østergaard", "Ærø"}
	svcs := []string{"pas", "mitid", "sundhed", "flyt"}
	out := make([]booking.Appointment, n)
	for i := range out {
		code := booking.MakeBookingCode(i)
		out[i] = booking.Appointment{
			ID: "b-" + code, Code: code, ServiceID: svcs[i%len(svcs)],
			Start:    day.Add(7*time.Hour + time.Duration(i%720)*time.Minute),
			Duration: 10 * time.Minute,
			Citizen: booking.Citizen{GivenNames: givens[i%len(givens)], Surname: surnames[(i/7)%len(surnames)],
				BirthDate: booking.Date{Year: 1940 + i%70, Month: time.Month(1 + i%12), Day: 1 + i%28}},
		}
	}
	return out
}

// BenchmarkPull100k pulls a day of 100 000 appointments from the server on loopback into
// storage, validated and replaced in one transaction. It reports the time per pull,
// B/op, and the peak of the heap in use while pulling.
func BenchmarkPull100k(b *testing.B) {
	url, srv := centraltest.Start(b)
	y, m, d := time.Now().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	appts := dayOf100k(day)
	services, _, _ := demoServices()
	if err := srv.Seed(booking.DayOf(day), services, appts); err != nil {
		b.Fatal(err)
	}
	appts = nil
	k := newKiosk(b, url, Options{AttemptTimeout: time.Minute}, SyncOptions{Clock: booking.ClockFunc(func() time.Time {
		return day.Add(12 * time.Hour)
	})})
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Forget the ETags, or the second pull is a 304.
		if err := k.db.SetMeta(metaServicesETag, ""); err != nil {
			b.Fatal(err)
		}
		if err := k.db.SetMeta(metaAppointmentsETag, ""); err != nil {
			b.Fatal(err)
		}
		var rep Report
		if err := k.sync.pull(context.Background(), &rep); err != nil || rep.Appointments != 100_000 {
			b.Fatalf("pull: %v %+v", err, rep)
		}
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "appointments/s")
	b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "peak-heap-MiB")
}

func demoServices() ([]booking.Service, int, error) {
	sl, _, _ := demoLists(time.Now())
	out := make([]booking.Service, len(sl.Services))
	for i, s := range sl.Services {
		svc, err := s.Booking()
		if err != nil {
			return nil, 0, fmt.Errorf("demo service: %w", err)
		}
		out[i] = svc
	}
	return out, len(out), nil
}
