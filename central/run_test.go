package central

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/central/faults"
)

// TestRunSyncsAndStops: Run syncs at start, again when notified, keeps trying while the
// server fails, and returns when its context ends.
func TestRunSyncsAndStops(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	var syncs, online atomic.Int32
	k := newKiosk(t, url, Options{}, SyncOptions{Interval: time.Hour, OnStatus: func(s Status) {
		syncs.Add(1)
		if s.Online {
			online.Add(1)
		}
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.sync.Run(ctx) }()
	waitFor(t, "the first sync", func() bool { return syncs.Load() >= 1 })

	// A check-in notifies Run, which pushes now rather than in an hour.
	keys := k.walkIns(t, 3)
	k.sync.Notify()
	waitFor(t, "the push after Notify", func() bool { n, _ := srv.EventCount(keys[2]); return n == 1 })
	// The status of that sync comes after the server has the event: wait for it rather than
	// race it (on a loaded machine the cancel below could come first).
	waitFor(t, "an online status after the push", func() bool { return online.Load() >= 2 })

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if online.Load() < 2 {
		t.Errorf("%d online syncs, want at least 2", online.Load())
	}
}

// TestRunBacksOffWhileOffline: while every request fails, Run waits between syncs (at
// least a second) instead of spinning.
func TestRunBacksOffWhileOffline(t *testing.T) {
	url, _ := centraltest.Start(t)
	var syncs atomic.Int32
	k := newKiosk(t, url, Options{MaxAttempts: 1}, SyncOptions{Interval: 10 * time.Millisecond,
		OnStatus: func(Status) { syncs.Add(1) }})
	k.faults.Random(1, 1, faults.DropRequest)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	_ = k.sync.Run(ctx)
	if n := syncs.Load(); n < 1 || n > 3 {
		t.Errorf("%d syncs in 1.5 s while offline, want 1 to 3", n)
	}
	if st := k.sync.Status(); st.Online || st.LastError == "" {
		t.Errorf("status %+v", st)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
