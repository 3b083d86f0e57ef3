package central

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/faults"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/storage"
	"github.com/citizenkiosk/citizenkiosk/storage/storagetest"
)

// testKioskID is the kiosk id of storagetest's databases; the client must speak for it.
const testKioskID = "test-kiosk"

var testRules = booking.Rules{Early: 30 * time.Minute, Late: 10 * time.Minute, WalkInRatio: 2, Counters: 3}

// kiosk is one kiosk in a test: its database, desk, client, syncer and fault injector.
type kiosk struct {
	db     *storage.DB
	desk   *booking.Desk
	client *Client
	sync   *Syncer
	faults *faults.Transport
}

// newKiosk makes a kiosk on a fresh database that talks to url through a fault injector
// (which passes everything until told otherwise). Retries are quick and few, so that tests
// see both recovered and failed syncs.
func newKiosk(t testing.TB, url string, opt Options, so SyncOptions) *kiosk {
	t.Helper()
	return newKioskOn(t, storagetest.Open(t), url, opt, so)
}

func newKioskOn(t testing.TB, db *storage.DB, url string, opt Options, so SyncOptions) *kiosk {
	t.Helper()
	ft := &faults.Transport{Base: http.DefaultTransport, Delay: 300 * time.Millisecond}
	opt.URL, opt.Site, opt.KioskID, opt.Transport = url, server.DefaultSite, testKioskID, ft
	if opt.MinBackoff == 0 {
		opt.MinBackoff = time.Millisecond
	}
	if opt.MaxBackoff == 0 {
		opt.MaxBackoff = 20 * time.Millisecond
	}
	if opt.AttemptTimeout == 0 {
		opt.AttemptTimeout = 150 * time.Millisecond
	}
	if opt.MaxAttempts == 0 {
		opt.MaxAttempts = 3
	}
	c, err := NewClient(opt)
	if err != nil {
		t.Fatal(err)
	}
	if so.Logger == nil {
		so.Logger = slog.New(slog.DiscardHandler)
	}
	return &kiosk{db: db, desk: booking.NewDesk(db, nil, testRules), client: c, sync: NewSyncer(c, db, so), faults: ft}
}

// walkIns takes n walk-in tickets, cycling through the services, and returns the keys of
// the events they wrote.
func (k *kiosk) walkIns(t testing.TB, n int) []string {
	t.Helper()
	before := k.keys(t)
	svcs, err := k.desk.Services()
	if err != nil || len(svcs) == 0 {
		t.Fatalf("services: %v (%d)", err, len(svcs))
	}
	for i := range n {
		if _, err := k.desk.WalkIn(svcs[i%len(svcs)].ID); err != nil {
			t.Fatalf("walk-in %d: %v", i, err)
		}
	}
	var added []string
	for _, key := range k.keys(t) {
		if !slices.Contains(before, key) {
			added = append(added, key)
		}
	}
	if len(added) != n {
		t.Fatalf("%d walk-ins wrote %d events", n, len(added))
	}
	return added
}

// keys lists the keys in the outbox.
func (k *kiosk) keys(t testing.TB) []string {
	t.Helper()
	pending, err := k.db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(pending))
	for i, e := range pending {
		keys[i] = e.Key
	}
	return keys
}

// syncUntilEmpty syncs until the outbox is empty, up to limit syncs, and returns how many
// syncs failed on the way.
func (k *kiosk) syncUntilEmpty(t testing.TB, limit int) (failed int, total Report) {
	t.Helper()
	for range limit {
		rep, err := k.sync.Sync(context.Background())
		total.Applied += rep.Applied
		total.Duplicates += rep.Duplicates
		total.DeadLettered += rep.DeadLettered
		if err != nil {
			failed++
			continue
		}
		if rep.Pending == 0 {
			return failed, total
		}
	}
	t.Fatalf("outbox not empty after %d syncs", limit)
	return failed, total
}

// assertExactlyOnce checks the three promises of the sync: every key in keys was applied
// by the server exactly once; the server holds nothing else from this kiosk and nothing
// twice; the kiosk's outbox is empty.
func assertExactlyOnce(t testing.TB, srv *server.Server, db *storage.DB, keys []string) {
	t.Helper()
	for _, key := range keys {
		n, err := srv.EventCount(key)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("event %s applied %d times, want once", key, n)
		}
	}
	applied, err := srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, ev := range applied {
		seen[ev.Key]++
	}
	for key, n := range seen {
		if n != 1 {
			t.Errorf("server log holds %s %d times", key, n)
		}
		if !slices.Contains(keys, key) {
			t.Errorf("server applied %s, which the kiosk never wrote", key)
		}
	}
	if len(seen) != len(keys) {
		t.Errorf("server applied %d events, kiosk wrote %d", len(seen), len(keys))
	}
	pending, dead, err := db.OutboxStats()
	if err != nil || pending != 0 || dead != 0 {
		t.Errorf("outbox: %d pending, %d dead (%v), want none", pending, dead, err)
	}
}

// pushAll pushes events straight through a client, for tests that prepare the server.
func pushAll(t testing.TB, c *Client, events ...api.Event) []api.EventResult {
	t.Helper()
	res, err := c.Push(context.Background(), events)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
