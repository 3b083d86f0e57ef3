package server

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// TestRetentionPurges: events and days older than the retention period are deleted in
// batches (more rows than one batch holds), newer ones stay, pushes made while the purge
// runs are kept, and an old event sent again is rejected rather than applied twice.
func TestRetentionPurges(t *testing.T) {
	defer func(n int) { purgeBatch = n }(purgeBatch)
	purgeBatch = 7
	clock := newMovableClock(testNow)
	const retention = 30 * 24 * time.Hour
	h := newHarnessWith(t, Options{Clock: clock, Retention: retention})
	if err := h.srv.SeedSite("odense", "2026-11-25", demoServices(), []booking.Appointment{sealTestCitizen()}); err != nil {
		t.Fatal(err)
	}
	old := api.PushRequest{KioskID: "k1"}
	for seq := uint64(1); seq <= 20; seq++ {
		old.Events = append(old.Events, event("k1", seq))
	}
	h.push(old)

	clock.Add(retention + 24*time.Hour)
	later := clock.Now()
	if err := h.srv.SeedSite("odense", later.Format(time.DateOnly), demoServices(), nil); err != nil {
		t.Fatal(err)
	}
	fresh := api.PushRequest{KioskID: "k1"}
	for seq := uint64(100); seq < 110; seq++ {
		ev := event("k1", seq)
		ev.At = later
		fresh.Events = append(fresh.Events, ev)
	}
	// Half the new events before the purge, half while it runs.
	h.push(api.PushRequest{KioskID: "k1", Events: fresh.Events[:5]})
	done := make(chan error, 1)
	go func() {
		_, err := h.tryPush(api.PushRequest{KioskID: "k1", Events: fresh.Events[5:]})
		done <- err
	}()
	rep, err := h.srv.Purge(context.Background(), later.Add(-retention))
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if rep.Events != len(old.Events) || rep.Days != 1 {
		t.Errorf("purged %+v, want %d events and 1 day", rep, len(old.Events))
	}
	events, err := h.srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(fresh.Events) {
		t.Fatalf("%d events left, want the %d new ones", len(events), len(fresh.Events))
	}
	for _, ev := range events {
		if ev.At.Before(later) {
			t.Errorf("old event %s kept", ev.Key)
		}
	}
	resp, body := h.do(http.MethodGet, api.AppointmentsPath("odense", "2026-11-25"), "", nil, nil)
	var day api.AppointmentList
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &day) != nil || len(day.Appointments) != 0 {
		t.Errorf("the purged day still answers %s %s", resp.Status, body)
	}
	searchBytes(t, "the store after the purge", rawStore(t, h))
	// A kiosk that sends a purged event again gets a rejection, not a second application.
	res := h.push(api.PushRequest{KioskID: "k1", Events: old.Events[:1]})
	if res[0].Status != api.ResultRejected || res[0].Reason != ReasonTooOld {
		t.Errorf("a purged event sent again: %+v", res[0])
	}
	if n, _ := h.srv.EventCount(old.Events[0].Key); n != 0 {
		t.Errorf("a purged event was applied again")
	}
}

// TestRunRetentionPurgesAtStart: the job purges as soon as it runs, then waits.
func TestRunRetentionPurgesAtStart(t *testing.T) {
	clock := newMovableClock(testNow)
	h := newHarnessWith(t, Options{Clock: clock, Retention: time.Hour})
	h.push(api.PushRequest{KioskID: "k1", Events: []api.Event{event("k1", 1)}})
	clock.Add(2 * time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { h.srv.RunRetention(ctx, time.Hour); close(stopped) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		evs, err := h.srv.AppliedEvents()
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the retention job did not purge the old event")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-stopped
}
