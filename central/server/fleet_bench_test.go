package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/internal/pgtest"
)

// The national fleet the figures are taken for: 2 000 kiosks, counters and boards over 200
// centres. A device pushes its outbox in batches (fleetBatch events, what a kiosk has
// gathered between two syncs on a busy morning, or a catch-up) and pulls its centre's day.
const (
	fleetDevices    = 2000
	fleetSites      = 200
	fleetBatch      = 10
	fleetDayPerSite = 100 // appointments of one centre's day
)

// fleetSetups are the stores the fleet runs against: one process on bbolt, and one and
// two replicas sharing PostgreSQL.
var fleetSetups = []struct {
	name     string
	replicas int // 0: bbolt
}{{"bolt", 0}, {"postgres-1", 1}, {"postgres-2", 2}}

// fleetServers starts the setup and returns the base URL of each of its processes.
func fleetServers(b *testing.B, replicas int) []*harness {
	b.Helper()
	if replicas == 0 {
		return []*harness{newHarness(b)}
	}
	// A pool of 16 connections per replica: enough commits in flight for PostgreSQL to
	// group them, few enough for max_connections with several replicas.
	return replicasOn(b, pgtest.URL(b)+"&pool_max_conns=16", replicas)
}

// fleetClient keeps a connection per device, as 2 000 kiosks each keep theirs.
func fleetClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: fleetDevices, MaxConnsPerHost: fleetDevices},
		Timeout: 2 * time.Minute}
}

// runFleet runs one round per loop: every device sends one request (do) at once. It
// reports requests per second, items per second and the 99th percentile of latency.
func runFleet(b *testing.B, hs []*harness, perRequest int, unit string, do func(c *http.Client, h *harness, device, round int) error) {
	c := fleetClient()
	defer c.CloseIdleConnections()
	var (
		mu    sync.Mutex
		lat   []time.Duration
		round int
	)
	b.ResetTimer()
	for b.Loop() {
		round++
		var wg sync.WaitGroup
		for d := range fleetDevices {
			wg.Go(func() {
				t0 := time.Now()
				err := do(c, hs[d%len(hs)], d, round)
				el := time.Since(t0)
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				lat = append(lat, el)
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) == 0 {
		return
	}
	p99 := lat[len(lat)*99/100]
	b.ReportMetric(float64(len(lat)*perRequest)/b.Elapsed().Seconds(), unit+"/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}

// BenchmarkFleetPush: 2 000 devices push a batch each at the same moment, again and again.
// events/s is what the setup sustains; the national average is about 50 a second.
func BenchmarkFleetPush(b *testing.B) {
	for _, setup := range fleetSetups {
		b.Run(setup.name, func(b *testing.B) {
			hs := fleetServers(b, setup.replicas)
			runFleet(b, hs, fleetBatch, "events", func(c *http.Client, h *harness, device, round int) error {
				kiosk := fmt.Sprintf("dev-%04d", device)
				req := api.PushRequest{KioskID: kiosk, Events: make([]api.Event, fleetBatch)}
				for i := range req.Events {
					req.Events[i] = event(kiosk, uint64(round*fleetBatch+i))
				}
				return fleetPush(c, h, req)
			})
		})
	}
}

func fleetPush(c *http.Client, h *harness, req api.PushRequest) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	resp, err := c.Post(h.url+api.PathEvents, api.ContentTypeJSON, bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var out api.PushResponse
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
		return fmt.Errorf("push: %s", resp.Status)
	}
	for _, r := range out.Results {
		if r.Status != api.ResultApplied {
			return fmt.Errorf("push: %+v", r)
		}
	}
	return nil
}

// BenchmarkFleetPull: 2 000 devices fetch their centre's day (100 appointments, sealed at
// rest) at the same moment, without an ETag: the worst case of a morning's first sync.
func BenchmarkFleetPull(b *testing.B) {
	for _, setup := range fleetSetups {
		b.Run(setup.name, func(b *testing.B) {
			hs := fleetServers(b, setup.replicas)
			day := testNow.Format(time.DateOnly)
			for s := range fleetSites {
				site := fmt.Sprintf("site-%03d", s)
				if err := hs[0].srv.SeedSite(site, day, demoServices(), fleetDay(site)); err != nil {
					b.Fatal(err)
				}
			}
			runFleet(b, hs, 1, "pulls", func(c *http.Client, h *harness, device, _ int) error {
				resp, err := c.Get(h.url + api.AppointmentsPath(fmt.Sprintf("site-%03d", device%fleetSites), day))
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				n, _ := io.Copy(io.Discard, resp.Body)
				if resp.StatusCode != http.StatusOK || n < fleetDayPerSite*100 {
					return fmt.Errorf("pull: %s, %d bytes", resp.Status, n)
				}
				return nil
			})
		})
	}
}

// fleetDay is one centre's day of appointments, a citizen every few minutes.
func fleetDay(site string) []booking.Appointment {
	out := make([]booking.Appointment, fleetDayPerSite)
	for i := range out {
		a := citizenAppt(site)
		a.ID = fmt.Sprintf("%s-%d", site, i)
		a.Code = booking.MakeBookingCode(i + 1)
		a.Start = a.Start.Add(time.Duration(i) * 4 * time.Minute)
		out[i] = a
	}
	return out
}
