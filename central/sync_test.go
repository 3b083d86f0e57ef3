package central

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/central/faults"
)

func TestSyncPullsTheDay(t *testing.T) {
	url, srv := centraltest.Start(t)
	hints, err := srv.SeedDemo(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, url, Options{}, SyncOptions{})
	rep, err := k.sync.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.NotModified || rep.Services != 4 || rep.Appointments == 0 || rep.Skipped != 0 {
		t.Fatalf("first sync: %+v", rep)
	}
	if _, err := k.db.AppointmentByCode(hints.DueNow); err != nil {
		t.Fatalf("the due appointment was not stored: %v", err)
	}
	rep, err = k.sync.Sync(context.Background())
	if err != nil || !rep.NotModified {
		t.Fatalf("second sync: %+v %v, want not modified", rep, err)
	}
	st := k.sync.Status()
	if !st.Online || st.LastSync.IsZero() || st.LastError != "" {
		t.Errorf("status %+v", st)
	}
	if b, ok := srv.LastHeartbeat(testKioskID); !ok || b.Version != "dev" {
		t.Errorf("no heartbeat: %+v", b)
	}
}

// TestSyncExactlyOnceUnderFaults drives walk-ins into a real database and syncs through a
// fault injector that loses requests and answers, throttles, fails and answers too late,
// until the outbox is empty; the server must hold every event exactly once.
func TestSyncExactlyOnceUnderFaults(t *testing.T) {
	tests := []struct {
		name  string
		kinds []faults.Kind
		rate  float64
	}{
		{"answers lost after the server applied", []faults.Kind{faults.DropResponse}, 0.5},
		{"requests lost", []faults.Kind{faults.DropRequest, faults.Reset}, 0.5},
		{"429 and 503", []faults.Kind{faults.TooMany, faults.Unavailable}, 0.5},
		{"answers too late", []faults.Kind{faults.SlowResponse}, 0.4},
		{"everything", []faults.Kind{faults.DropRequest, faults.DropResponse, faults.TooMany,
			faults.Unavailable, faults.SlowResponse, faults.Reset}, 0.6},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, srv := centraltest.Start(t)
			if _, err := srv.SeedDemo(time.Now()); err != nil {
				t.Fatal(err)
			}
			k := newKiosk(t, url, Options{}, SyncOptions{Batch: 7})
			if err := k.sync.Once(context.Background()); err != nil {
				t.Fatal(err)
			}
			k.faults.RetryAfter = "0"
			k.faults.Random(uint64(i+1), tt.rate, tt.kinds...)
			var keys []string
			var failed int
			var total Report
			rounds := 5
			if os.Getenv("CITIZENKIOSK_SOAK") == "1" {
				rounds = 50
			}
			for range rounds {
				keys = append(keys, k.walkIns(t, 20)...)
				f, rep := k.syncUntilEmpty(t, 200)
				failed += f
				total.Applied += rep.Applied
				total.Duplicates += rep.Duplicates
			}
			assertExactlyOnce(t, srv, k.db, keys)
			faulted := 0
			for _, kind := range tt.kinds {
				faulted += k.faults.Count(kind)
			}
			if faulted == 0 {
				t.Fatal("no fault was injected; the test proves nothing")
			}
			if total.Applied+total.Duplicates != len(keys) {
				t.Errorf("the kiosk saw %d applied and %d duplicates, want %d in all", total.Applied, total.Duplicates, len(keys))
			}
			// An answer lost after the server applied comes back as a duplicate.
			lost := k.faults.Count(faults.DropResponse) + k.faults.Count(faults.SlowResponse)
			if lost > 0 && total.Duplicates == 0 {
				t.Errorf("%d answers lost but no duplicate seen", lost)
			}
			t.Logf("%d events, %d faults, %d failed syncs, %d duplicates", len(keys), faulted, failed, total.Duplicates)
		})
	}
}

// TestSyncOfflineKeepsEverything: with the server unreachable nothing leaves the outbox,
// the status says offline, and once it is back everything goes.
func TestSyncOfflineKeepsEverything(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	var statuses []Status
	k := newKiosk(t, url, Options{}, SyncOptions{OnStatus: func(s Status) { statuses = append(statuses, s) }})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := k.walkIns(t, 10)
	k.faults.Random(1, 1, faults.Unavailable)
	err := k.sync.Once(context.Background())
	var perr *ProblemError
	if !errors.Is(err, ErrUnavailable) || !errors.As(err, &perr) || perr.Status != http.StatusServiceUnavailable {
		t.Fatalf("error %v, want ErrUnavailable with a 503", err)
	}
	st := k.sync.Status()
	if st.Online || st.Pending != 10 || st.LastError == "" {
		t.Fatalf("status while offline %+v", st)
	}
	if len(statuses) != 2 || statuses[1] != st {
		t.Errorf("OnStatus saw %+v", statuses)
	}
	k.faults.Random(1, 0)
	k.syncUntilEmpty(t, 3)
	assertExactlyOnce(t, srv, k.db, keys)
	if st := k.sync.Status(); !st.Online || st.Pending != 0 {
		t.Errorf("status after coming back %+v", st)
	}
}

// TestSyncRejectedEventIsDeadLettered: an event the server refuses for good goes to the
// dead letters with the reason; the ones around it are applied.
func TestSyncRejectedEventIsDeadLettered(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, url, Options{}, SyncOptions{})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := k.walkIns(t, 5)
	// Another event under the third key: the server applies it first, so the kiosk's own
	// event under that key is "key reused" and rejected.
	intruder := api.Event{Key: keys[2], Kind: api.KindCancelled, At: time.Now(), Ticket: api.Ticket{
		Number: "Z999", Day: booking.DayOf(time.Now()), Kind: "walk-in", Status: "cancelled", ServiceID: "pas"}}
	// "duplicate" when the push was retried after a lost answer: applied either way.
	if res := pushAll(t, k.client, intruder); res[0].Status != api.ResultApplied && res[0].Status != api.ResultDuplicate {
		t.Fatalf("intruder: %+v", res)
	}
	rep, err := k.sync.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Four events delivered: "applied", or "duplicate" if a loaded machine timed out an
	// attempt whose answer was lost and the retry found them applied. Either way they leave
	// the outbox; what the promise is about is that the reused key alone is dead-lettered.
	if rep.Applied+rep.Duplicates != 4 || rep.DeadLettered != 1 || rep.Pending != 0 || rep.Dead != 1 {
		t.Fatalf("report %+v", rep)
	}
	dead, err := k.db.DeadLetters()
	if err != nil || len(dead) != 1 || dead[0].Key != keys[2] || dead[0].Reason == "" {
		t.Fatalf("dead letters %+v %v", dead, err)
	}
}

// TestSyncBatchRefusedIsSentSingly: a 400 for a whole batch makes the syncer send its
// events one by one, and only the one refused alone is dead-lettered; a 403 (a
// misconfigured kiosk) dead-letters nothing.
func TestSyncBatchRefusedIsSentSingly(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, url, Options{}, SyncOptions{Batch: 50})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := k.walkIns(t, 6)
	poison := keys[3]
	var forbid bool
	k.faults.Base = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == api.BasePath+api.PathEvents {
			if forbid {
				return problemAnswer(r, http.StatusForbidden), nil
			}
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			if bytes.Contains(body, []byte(`"key":"`+poison+`"`)) && !forbid {
				return problemAnswer(r, http.StatusBadRequest), nil
			}
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	forbid = true
	if err := k.sync.Once(context.Background()); err == nil {
		t.Fatal("a 403 should fail the sync")
	}
	if p, d, _ := k.db.OutboxStats(); p != 6 || d != 0 {
		t.Fatalf("after a 403: %d pending, %d dead; want all kept", p, d)
	}
	forbid = false
	rep, err := k.sync.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Applied != 5 || rep.DeadLettered != 1 || rep.Pending != 0 {
		t.Fatalf("report %+v", rep)
	}
	dead, _ := k.db.DeadLetters()
	if len(dead) != 1 || dead[0].Key != poison {
		t.Fatalf("dead letters %+v, want only %s", dead, poison)
	}
	for _, key := range keys {
		n, _ := srv.EventCount(key)
		if want := map[bool]int{true: 0, false: 1}[key == poison]; n != want {
			t.Errorf("%s applied %d times, want %d", key, n, want)
		}
	}
}

// problemAnswer is a refusal as the server would send it.
func problemAnswer(r *http.Request, status int) *http.Response {
	body := `{"title":"` + http.StatusText(status) + `","status":` + strconv.Itoa(status) + `}`
	return &http.Response{StatusCode: status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: r,
		Header: http.Header{"Content-Type": {api.ContentTypeProblem}}, Body: io.NopCloser(strings.NewReader(body))}
}

// TestSyncHangingServer: a server that accepts connections and never answers costs a
// bounded wait; the sync fails as unavailable and keeps the stored day and the outbox.
func TestSyncHangingServer(t *testing.T) {
	url, srv := centraltest.Start(t)
	hints, err := srv.SeedDemo(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faults.Listen(strings.TrimPrefix(strings.TrimSuffix(url, api.BasePath), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	k := newKiosk(t, "http://"+proxy.Addr(), Options{}, SyncOptions{})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := k.walkIns(t, 4)
	proxy.SetMode(faults.Blackhole)
	proxy.ResetAll() // the kept-alive connection goes; new ones hang
	start := time.Now()
	err = k.sync.Once(context.Background())
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error %v, want ErrUnavailable", err)
	}
	// 3 attempts of 150 ms and short waits between them.
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a hanging server held the sync %v", d)
	}
	if _, err := k.db.AppointmentByCode(hints.DueNow); err != nil {
		t.Errorf("stored day lost: %v", err)
	}
	if got := k.keys(t); len(got) != len(keys) {
		t.Errorf("outbox holds %d events, want %d", len(got), len(keys))
	}
}

// TestSyncPushesWhenPullIsRefused: a malformed pull answer fails the sync but the outbox
// still goes out.
func TestSyncPushesWhenPullIsRefused(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, url, Options{}, SyncOptions{})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := k.walkIns(t, 3)
	k.faults.Base = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/services") {
			resp := problemAnswer(r, http.StatusOK)
			resp.Header.Set("Content-Type", api.ContentTypeJSON)
			resp.Body = io.NopCloser(strings.NewReader(`{"services":`))
			return resp, nil
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	rep, err := k.sync.Sync(context.Background())
	if !errors.Is(err, ErrMalformedResponse) {
		t.Fatalf("error %v, want ErrMalformedResponse", err)
	}
	if rep.Applied != 3 {
		t.Errorf("report %+v, want 3 applied", rep)
	}
	assertExactlyOnce(t, srv, k.db, keys)
}
