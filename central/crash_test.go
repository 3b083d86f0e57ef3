package central

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/central/faults"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// The crash test's child process reads its data directory and the server's URL from these.
const (
	envCrashDir = "CENTRAL_CRASH_CHILD_DIR"
	envCrashURL = "CENTRAL_CRASH_CHILD_URL"
	crashKiosk  = "crash-kiosk"
)

func crashClient(url string) (*Client, error) {
	return NewClient(Options{URL: url, Site: server.DefaultSite, KioskID: crashKiosk,
		AttemptTimeout: 2 * time.Second, MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond})
}

func openCrashDB(dir string) (*storage.DB, error) {
	return storage.Open(filepath.Join(dir, "kiosk.db"), storage.Options{KioskID: crashKiosk, Timeout: 5 * time.Second})
}

// TestCrashChild is the child of TestSyncSurvivesKill: it takes walk-in tickets and syncs
// after every third, forever, printing each ticket once its commit has returned, as the
// kiosk shows it to the citizen. The parent kills it with SIGKILL.
func TestCrashChild(t *testing.T) {
	dir, url := os.Getenv(envCrashDir), os.Getenv(envCrashURL)
	if dir == "" {
		t.Skip("the child of TestSyncSurvivesKill")
	}
	fail := func(err error) { fmt.Fprintln(os.Stderr, "child:", err); os.Exit(3) }
	db, err := openCrashDB(dir)
	if err != nil {
		fail(err)
	}
	c, err := crashClient(url)
	if err != nil {
		fail(err)
	}
	s := NewSyncer(c, db, SyncOptions{Batch: 3, Logger: slog.New(slog.DiscardHandler)})
	desk := booking.NewDesk(db, nil, testRules)
	svcs, err := desk.Services()
	if err != nil || len(svcs) == 0 {
		fail(fmt.Errorf("services: %v", err))
	}
	for i := 0; ; i++ {
		v, err := desk.WalkIn(svcs[i%len(svcs)].ID)
		if err != nil {
			fail(err)
		}
		// One write per line: the parent counts a ticket as shown only once it is whole.
		fmt.Fprintf(os.Stdout, "T %s %s\n", v.Ticket.Day, v.Ticket.Number)
		if i%3 == 2 {
			if rep, err := s.Sync(context.Background()); err == nil {
				fmt.Fprintf(os.Stdout, "S %d %d\n", rep.Applied, rep.Duplicates)
			}
		}
	}
}

// TestSyncSurvivesKill kills a kiosk process that checks citizens in and syncs, at random
// moments, and starts it again, many times; then heals and checks that every ticket shown
// to a citizen reached the server exactly once, that the server holds every event the
// kiosk committed and nothing else, and that the outbox is empty.
func TestSyncSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 100 processes")
	}
	rounds := 100
	if os.Getenv("CITIZENKIOSK_SOAK") == "1" {
		rounds = 1000
	}
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	heal := func() *storage.DB {
		db, err := openCrashDB(dir)
		if err != nil {
			t.Fatal(err)
		}
		c, err := crashClient(url)
		if err != nil {
			t.Fatal(err)
		}
		s := NewSyncer(c, db, SyncOptions{Logger: slog.New(slog.DiscardHandler)})
		for i := 0; ; i++ {
			rep, err := s.Sync(context.Background())
			if err == nil && rep.Pending == 0 {
				return db
			}
			if i == 10 {
				t.Fatalf("cannot heal: %v", err)
			}
		}
	}
	if err := heal().Close(); err != nil { // the first sync pulls the services
		t.Fatal(err)
	}

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d, %d rounds", seed, rounds)
	shown := map[string]int{}
	var applied, duplicates int
	start := time.Now()
	for r := range rounds {
		lines := runAndKill(t, dir, url, time.Duration(rng.IntN(120))*time.Millisecond)
		for _, l := range lines {
			if a, d, ok := syncLine(l); ok {
				applied, duplicates = applied+a, duplicates+d
				continue
			}
			shown[l]++
		}
		if r%25 == 0 {
			t.Logf("round %d: %d tickets shown so far, %v", r, len(shown), time.Since(start).Round(time.Millisecond))
		}
	}
	db := heal()
	defer db.Close()
	// Duplicates are the pushes whose acknowledgement a kill interrupted.
	t.Logf("%d rounds in %v, %d tickets shown; children saw %d applied, %d duplicates",
		rounds, time.Since(start).Round(time.Millisecond), len(shown), applied, duplicates)

	events, err := srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	onServer := map[string]int{}
	for _, ev := range events {
		if ev.Kind != api.KindTicketIssued {
			t.Errorf("unexpected event %s %s", ev.Key, ev.Kind)
		}
		onServer["T "+ev.Ticket.Day+" "+ev.Ticket.Number]++
	}
	for ticket, n := range shown {
		if n != 1 {
			t.Errorf("%s shown %d times: a number was issued twice", ticket, n)
		}
		if onServer[ticket] != 1 {
			t.Errorf("%s was shown to a citizen but applied %d times", ticket, onServer[ticket])
		}
	}
	// Both sides agree: the kiosk's tickets are the server's, one event each.
	days := map[string]bool{}
	for ticket := range onServer {
		days[strings.Fields(ticket)[1]] = true
	}
	kioskTickets := 0
	for day := range days {
		tickets, err := db.Tickets(day)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range tickets {
			kioskTickets++
			if n := onServer["T "+tk.Day+" "+tk.Number]; n != 1 {
				t.Errorf("kiosk ticket %s %s applied %d times", tk.Day, tk.Number, n)
			}
		}
	}
	if kioskTickets != len(onServer) {
		t.Errorf("kiosk has %d tickets, server %d", kioskTickets, len(onServer))
	}
	if pending, dead, err := db.OutboxStats(); err != nil || pending != 0 || dead != 0 {
		t.Errorf("outbox: %d pending, %d dead, %v", pending, dead, err)
	}
	if len(shown) < rounds {
		t.Errorf("only %d tickets in %d rounds: the children did not get to work", len(shown), rounds)
	}
}

// syncLine reads a child's "S applied duplicates" line.
func syncLine(l string) (applied, duplicates int, ok bool) {
	n, err := fmt.Sscanf(l, "S %d %d", &applied, &duplicates)
	return applied, duplicates, err == nil && n == 2
}

// runAndKill starts the child, lets it work for delay after its first ticket, kills it
// with SIGKILL and returns the tickets it printed in whole lines.
func runAndKill(t *testing.T, dir, url string, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashDir+"="+dir, envCrashURL+"="+url)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first := make(chan struct{})
	var lines []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if len(lines) == 0 {
				close(first)
			}
			// A line cut by the kill has no newline and is not returned whole by the
			// scanner only if it is the last; such a ticket was not "shown".
			if l := sc.Text(); len(strings.Fields(l)) == 3 {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			close(first)
		}
	}()
	select {
	case <-first:
	case <-time.After(10 * time.Second):
	}
	time.Sleep(delay)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	wg.Wait()
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("child ended by itself (%v): %s", err, stderr.String())
	}
	return lines
}

// TestSyncSurvivesServerRestart stops the server in the middle of a push (cutting the
// connections in flight), starts it again on the same file behind the same address, and
// checks that the kiosk's events end up there exactly once.
func TestSyncSurvivesServerRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "central.db")
	start := func() (*server.Server, *httptest.Server) {
		srv, err := server.New(path, server.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return srv, httptest.NewServer(srv.Handler())
	}
	srv, ts := start()
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	proxy, err := faults.Listen(strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	k := newKiosk(t, "http://"+proxy.Addr(), Options{MaxAttempts: 50, MaxBackoff: 50 * time.Millisecond, AttemptTimeout: time.Second},
		SyncOptions{Batch: 10})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := k.walkIns(t, 300)

	done := make(chan error, 1)
	go func() { _, err := k.sync.Sync(context.Background()); done <- err }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		applied, err := srv.AppliedEvents()
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the push never started")
		}
		time.Sleep(time.Millisecond)
	}
	proxy.ResetAll()
	proxy.SetMode(faults.Refuse)
	ts.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the kiosk retries into a closed door meanwhile
	srv, ts = start()
	defer func() { ts.Close(); srv.Close() }()
	proxy.SetTarget(strings.TrimPrefix(ts.URL, "http://"))
	proxy.SetMode(faults.Forward)
	if err := <-done; err != nil {
		t.Logf("the push that saw the restart failed: %v", err)
	}
	k.syncUntilEmpty(t, 5)
	assertExactlyOnce(t, srv, k.db, keys)
}
