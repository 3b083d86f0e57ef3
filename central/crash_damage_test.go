package central

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// The crash suite's rename and damage tests: the kiosk process is killed at random
// moments as in TestSyncSurvivesKill, then between runs the machine is renamed, or an
// outbox entry is damaged, and the promises are checked against the real server.

func crashRounds() int {
	if os.Getenv("CITIZENKIOSK_SOAK") == "1" {
		return 100
	}
	return 10
}

// healAs syncs the database in dir as kioskID until its outbox is empty, and returns it
// open with the dead letters the syncs made.
func healAs(t *testing.T, dir, url, kioskID string) (*storage.DB, int) {
	t.Helper()
	db := openKioskDB(t, dir, kioskID)
	c, err := NewClient(Options{URL: url, Site: server.DefaultSite, KioskID: kioskID, MaxAttempts: 2,
		MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s := NewSyncer(c, db, SyncOptions{Logger: slog.New(slog.DiscardHandler)})
	dead := 0
	for i := 0; ; i++ {
		rep, err := s.Sync(context.Background())
		dead += rep.DeadLettered
		if err == nil && rep.Pending == 0 {
			return db, dead
		}
		if i == 10 {
			t.Fatalf("cannot heal as %s: %v", kioskID, err)
		}
	}
}

// walkInsAt opens the crash database, takes n walk-in tickets as the child would (and
// records them as shown), and returns how many events are then pending.
func walkInsAt(t *testing.T, dir string, n int, shown map[string]int) int {
	t.Helper()
	db := openKioskDB(t, dir, crashKiosk)
	defer db.Close()
	desk := booking.NewDesk(db, nil, testRules)
	svcs, err := desk.Services()
	if err != nil || len(svcs) == 0 {
		t.Fatalf("services: %v", err)
	}
	for i := range n {
		v, err := desk.WalkIn(svcs[i%len(svcs)].ID)
		if err != nil {
			t.Fatal(err)
		}
		shown[fmt.Sprintf("T %s %s", v.Ticket.Day, v.Ticket.Number)]++
	}
	pending, _, err := db.OutboxStats()
	if err != nil {
		t.Fatal(err)
	}
	return pending
}

// runChild runs one killed child and adds the tickets it showed.
func runChild(t *testing.T, dir, url string, rng *rand.Rand, shown map[string]int) {
	t.Helper()
	for _, l := range runAndKill(t, dir, url, time.Duration(rng.IntN(120))*time.Millisecond) {
		if _, _, ok := syncLine(l); !ok {
			shown[l]++
		}
	}
}

// appliedTickets counts the server's events by "T day number", as the child prints them.
func appliedTickets(t *testing.T, srv *server.Server) map[string]int {
	t.Helper()
	events, err := srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, ev := range events {
		out["T "+ev.Ticket.Day+" "+ev.Ticket.Number]++
	}
	return out
}

// TestRenameAfterKill renames the kiosk after each kill while events wait. The renamed
// kiosk must not open the database (the server would dead-letter every waiting event as
// another kiosk's); set back, it delivers all of them; once the outbox is empty the new id
// opens it and its events are delivered under the new id.
func TestRenameAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.db")
	db, _ := healAs(t, dir, url, crashKiosk) // pulls the services
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 2))
	shown := map[string]int{}
	const renamed = "renamed-kiosk"
	for r := range crashRounds() {
		runChild(t, dir, url, rng, shown)
		waiting := walkInsAt(t, dir, 2, shown)
		_, err := storage.Open(path, storage.Options{KioskID: renamed, Logger: slog.New(slog.DiscardHandler)})
		var re *storage.RenameError
		if !errors.As(err, &re) || re.Oldest != crashKiosk || re.KioskID != renamed || re.Waiting[crashKiosk] != waiting {
			t.Fatalf("round %d: open as %s with %d events waiting = %v", r, renamed, waiting, err)
		}
	}
	db, dead := healAs(t, dir, url, crashKiosk)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, deadRenamed := healAs(t, dir, url, renamed)
	defer db.Close()
	if dead+deadRenamed != 0 {
		t.Errorf("%d events dead-lettered", dead+deadRenamed)
	}
	applied := appliedTickets(t, srv)
	for ticket, n := range shown {
		if n != 1 || applied[ticket] != 1 {
			t.Errorf("%s shown %d times, applied %d times; want once each", ticket, n, applied[ticket])
		}
	}

	t.Logf("%d tickets shown, all delivered under %s", len(shown), crashKiosk)

	// Under the new id, new events go out under it.
	k := newKioskOn(t, db, url, Options{}, SyncOptions{})
	k.client.kioskID = renamed
	keys := k.walkIns(t, 1)
	if rep, err := k.sync.Sync(context.Background()); err != nil || rep.Applied != 1 || rep.Dead != 0 {
		t.Fatalf("sync as %s: %+v, %v", renamed, rep, err)
	}
	if n, err := srv.EventCount(keys[0]); err != nil || n != 1 || keys[0][:len(renamed)+1] != renamed+"/" {
		t.Errorf("%s applied %d times (%v)", keys[0], n, err)
	}
}

// TestDamagedEntryAfterKill damages one pending outbox entry after each kill. The next
// syncs must deliver every other event exactly once and keep each damaged entry as a dead
// letter with its bytes, instead of stopping at the first for good.
func TestDamagedEntryAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db, _ := healAs(t, dir, url, crashKiosk)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 3))
	shown := map[string]int{}
	damaged := map[uint64][]byte{} // seq → the bytes written over it
	lost := map[string]bool{}      // the tickets whose events were damaged
	for r := range crashRounds() {
		runChild(t, dir, url, rng, shown)
		walkInsAt(t, dir, 3, shown)
		raw := fmt.Appendf(nil, "damaged in round %d \x00\xff", r)
		seq, tk := damageRecent(t, filepath.Join(dir, "kiosk.db"), rng.IntN(3), raw)
		damaged[seq], lost["T "+tk.Day+" "+tk.Number] = raw, true
	}
	db, _ = healAs(t, dir, url, crashKiosk)
	defer db.Close()

	dead, err := db.DeadLetters()
	if err != nil || len(dead) != len(damaged) {
		t.Fatalf("dead letters: %d, %v; want the %d damaged entries", len(dead), err, len(damaged))
	}
	for _, d := range dead {
		if raw, ok := damaged[d.Seq]; !ok || string(d.Raw) != string(raw) || d.Reason == "" {
			t.Errorf("dead letter %d: %q (%s); want the damaged bytes with a reason", d.Seq, d.Raw, d.Reason)
		}
	}
	// A damaged entry may have reached the server before the kill cut its acknowledgement;
	// then the server has it once. Never twice, and every intact one exactly once.
	applied := appliedTickets(t, srv)
	for ticket, n := range shown {
		if n != 1 || applied[ticket] > 1 || (!lost[ticket] && applied[ticket] != 1) {
			t.Errorf("%s shown %d times, applied %d times (damaged: %v)", ticket, n, applied[ticket], lost[ticket])
		}
	}
	t.Logf("%d tickets shown, %d damaged entries quarantined", len(shown), len(dead))
}
