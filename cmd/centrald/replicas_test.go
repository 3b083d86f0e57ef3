package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/faults"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/internal/pgtest"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// cluster is centrald replicas on one PostgreSQL database, each behind a fault proxy that
// keeps its address while the replica behind it is killed and started again.
type cluster struct {
	t        *testing.T
	db, key  string
	args     []string
	replicas []*process
	proxies  []*faults.Proxy
}

func startCluster(t *testing.T, n int) *cluster {
	t.Helper()
	bin := build(t)
	c := &cluster{t: t, db: pgtest.URL(t), key: filepath.Join(t.TempDir(), "central.key")}
	out, err := exec.Command(bin, "migrate", "--db", c.db).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "schema at version") {
		t.Fatalf("centrald migrate: %v\n%s", err, out)
	}
	c.args = []string{"--listen", "127.0.0.1:0", "--db", c.db, "--key-file", c.key, "--insecure-loopback", "--demo-seed"}
	for range n {
		p := start(t, c.args...)
		px, err := faults.Listen(hostOf(t, p.url))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = px.Close() })
		c.replicas, c.proxies = append(c.replicas, p), append(c.proxies, px)
	}
	return c
}

// url is the address kiosks of replica i use: its proxy's.
func (c *cluster) url(i int) string { return "http://" + c.proxies[i].Addr() + api.BasePath }

// kill SIGKILLs replica i, starts it again and points its proxy at the new process.
func (c *cluster) kill(i int) {
	p := c.replicas[i]
	_ = p.cmd.Process.Kill()
	<-p.done
	_ = p.cmd.Wait()
	np := start(c.t, c.args...)
	c.proxies[i].SetTarget(hostOf(c.t, np.url))
	c.replicas[i] = np
}

func hostOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// fleetKiosk is a kiosk as it runs at a centre: its own bbolt database with an outbox,
// the booking desk that writes tickets and events together, and the sync engine.
type fleetKiosk struct {
	db   *storage.DB
	desk *booking.Desk
	sync *central.Syncer
	keys []string // every key its walk-ins wrote
}

func newFleetKiosk(t *testing.T, id, url string) *fleetKiosk {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "kiosk.db"), storage.Options{KioskID: id})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	c, err := central.NewClient(central.Options{URL: url, Site: server.DefaultSite, KioskID: id,
		AttemptTimeout: 2 * time.Second, MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rules := booking.Rules{Early: 30 * time.Minute, Late: 10 * time.Minute, WalkInRatio: 2, Counters: 3}
	return &fleetKiosk{db: db, desk: booking.NewDesk(db, nil, rules),
		sync: central.NewSyncer(c, db, central.SyncOptions{Batch: 5, Logger: slog.New(slog.DiscardHandler)})}
}

// walkIn takes a ticket and records the key of the event it wrote.
func (k *fleetKiosk) walkIn() error {
	before, err := k.db.PendingEvents(0)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, e := range before {
		seen[e.Key] = true
	}
	svcs, err := k.desk.Services()
	if err != nil || len(svcs) == 0 {
		return fmt.Errorf("services: %v (%d)", err, len(svcs))
	}
	if _, err := k.desk.WalkIn(svcs[0].ID); err != nil {
		return err
	}
	after, err := k.db.PendingEvents(0)
	if err != nil {
		return err
	}
	for _, e := range after {
		if !seen[e.Key] {
			k.keys = append(k.keys, e.Key)
		}
	}
	return nil
}

// syncUntilEmpty syncs until the outbox is empty or the deadline passes.
func (k *fleetKiosk) syncUntilEmpty(deadline time.Time) error {
	for {
		rep, err := k.sync.Sync(context.Background())
		if err == nil && rep.Pending == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("outbox not empty at the deadline: %d pending (%v)", rep.Pending, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// runFleet runs kiosks spread over the replicas, each taking tickets and syncing, while
// disrupt does its worst; then every kiosk catches up, and each key a kiosk wrote must be
// in the database exactly once, with nothing else there.
func runFleet(t *testing.T, c *cluster, kiosks int, disrupt func()) {
	fleet := make([]*fleetKiosk, kiosks)
	for i := range fleet {
		fleet[i] = newFleetKiosk(t, fmt.Sprintf("fleet-%d", i), c.url(i%len(c.proxies)))
		if err := fleet[i].syncUntilEmpty(time.Now().Add(20 * time.Second)); err != nil {
			t.Fatalf("kiosk %d: first sync: %v", i, err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, k := range fleet {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := k.walkIn(); err != nil {
					t.Errorf("kiosk %d: walk-in: %v", i, err)
					return
				}
				_, _ = k.sync.Sync(context.Background()) // failures are the point; the outbox keeps the events
			}
		})
	}
	func() {
		defer close(stop) // also when disrupt fails the test
		disrupt()
	}()
	wg.Wait()
	total := 0
	for i, k := range fleet {
		if err := k.syncUntilEmpty(time.Now().Add(60 * time.Second)); err != nil {
			t.Errorf("kiosk %d: %v", i, err)
		}
		total += len(k.keys)
	}
	srv, err := server.New(c.db, server.Options{KeyFile: c.key})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	events, err := srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]int{}
	for _, ev := range events {
		held[ev.Key]++
	}
	for _, k := range fleet {
		for _, key := range k.keys {
			if held[key] != 1 {
				t.Errorf("%s held %d times, want once", key, held[key])
			}
		}
	}
	if len(events) != total || len(held) != total {
		t.Errorf("%d events held (%d keys), the kiosks wrote %d", len(events), len(held), total)
	}
	t.Logf("%d kiosks wrote %d events; each is held once", kiosks, total)
}

// TestReplicaKilledLosesNothing: two replicas, kiosks spread over them; one replica is
// SIGKILLed at random moments (mid-request, as likely as not) and started again. Every
// event a kiosk wrote reaches the database exactly once.
func TestReplicaKilledLosesNothing(t *testing.T) {
	c := startCluster(t, 2)
	runFleet(t, c, 4, func() {
		for range 4 {
			time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
			c.kill(rand.IntN(2))
		}
		time.Sleep(200 * time.Millisecond)
	})
}

// TestPostgresRestartedUnderLoad: PostgreSQL stops while kiosks push through two replicas
// (which answer 503 with Retry-After meanwhile) and starts again; the replicas recover
// without a restart and the outboxes catch up by themselves.
func TestPostgresRestartedUnderLoad(t *testing.T) {
	c := startCluster(t, 2)
	pg := pgtest.Shared(t)
	runFleet(t, c, 4, func() {
		time.Sleep(300 * time.Millisecond)
		if err := pg.StopServer(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		if err := pg.StartServer(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
	})
}
