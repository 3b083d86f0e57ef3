package site

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
)

// TestCentralDownDeskWorksOn: with the central API unreachable the desk takes tickets and
// counter actions as ever; once central is back, one sync empties the outbox, and central
// accepts the counter's own event kinds (none is dead-lettered).
func TestCentralDownDeskWorksOn(t *testing.T) {
	centralURL, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	target, err := url.Parse(centralURL)
	if err != nil {
		t.Fatal(err)
	}
	var down atomic.Bool
	down.Store(true)
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	gate := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			panic(http.ErrAbortHandler) // the connection drops, as on a cut line
		}
		proxy.ServeHTTP(w, r)
	})
	l, err := Listen(ServeOptions{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: gate, ErrorLog: log.New(io.Discard, "", 0)}
	go func() { _ = hs.Serve(l) }()
	t.Cleanup(func() { _ = hs.Close() })

	s := startSite(t)
	client, err := central.NewClient(central.Options{URL: "http://" + l.Addr().String() + target.Path,
		Site: "demo", KioskID: "desk", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	syncer := central.NewSyncer(client, s.db, central.SyncOptions{})
	s.desk.OnChange(syncer.Notify)

	door, counter := s.client(t, "door"), s.client(t, "counter-1")
	if _, err := door.WalkIn("pas"); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.CallNext("1", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.Start("A001"); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.Transfer("A001", "mitid"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := syncer.Sync(ctx); err == nil {
		t.Fatal("a sync with central down succeeded")
	}
	if pending, _, _ := s.db.OutboxStats(); pending != 4 {
		t.Fatalf("%d events pending while central is down, want 4", pending)
	}

	down.Store(false)
	if _, err := syncer.Sync(ctx); err != nil {
		t.Fatalf("sync once central is back: %v", err)
	}
	pending, dead, err := s.db.OutboxStats()
	if err != nil || pending != 0 || dead != 0 {
		t.Fatalf("after the sync: %d pending, %d dead letters, %v; want none", pending, dead, err)
	}
}
