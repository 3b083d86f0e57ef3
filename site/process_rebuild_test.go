package site

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
)

// TestDeskRebuiltFromCentral: the desk's disk dies. The desk process is killed, its data
// directory deleted, and a new one started against the same central server: it continues
// the day's numbering (no number issued twice that day), knows the tickets called before
// (the next call is the first that was still waiting).
func TestDeskRebuiltFromCentral(t *testing.T) {
	centralURL, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(dbDir(t), "data")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	env := []string{"SITE_DB=" + filepath.Join(dataDir, "desk.db"), "SITE_ADDR=" + addr, "SITE_CENTRAL=" + centralURL}
	desk := startDeskPart(t, env...)
	c, err := NewClient(ClientOptions{URL: "http://" + addr, Name: "rebuild", Attempt: 30 * time.Second, Attempts: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	var issued []string
	walkIn := func(service string) string {
		t.Helper()
		v, err := c.WalkIn(service)
		if err != nil {
			t.Fatalf("walk-in %s: %v", service, err)
		}
		if slices.Contains(issued, v.Ticket.Number) {
			t.Fatalf("ticket number %s issued twice today (issued before: %v)", v.Ticket.Number, issued)
		}
		issued = append(issued, v.Ticket.Number)
		return v.Ticket.Number
	}
	for _, s := range []string{"pas", "pas", "mitid", "pas", "pas"} {
		walkIn(s)
	}
	var called []string
	for range 2 {
		tk, err := c.CallNext("1", []string{"pas"})
		if err != nil {
			t.Fatal(err)
		}
		called = append(called, tk.Number)
	}
	day := booking.DayOf(time.Now())
	// The outbox reaches central within moments of each command; wait until it holds all.
	deadline := time.Now().Add(time.Minute)
	for {
		list, err := srv.SiteTickets(context.Background(), "demo", day)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, st := range list.Tickets {
			if st.Status == "called" {
				n++
			}
		}
		if len(list.Tickets) == len(issued) && n == len(called) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("central holds %+v after a minute, want %d tickets, %d called", list.Tickets, len(issued), len(called))
		}
		time.Sleep(20 * time.Millisecond)
	}

	// The disk dies: no clean shutdown, and nothing of the database is left.
	if err := desk.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = desk.wait()
	if err := os.RemoveAll(dataDir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	startDeskPart(t, env...)

	board, err := c.Board(day)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range called {
		i := slices.IndexFunc(board, func(tk booking.Ticket) bool { return tk.Number == n })
		if i < 0 || board[i].Status != booking.StatusCalled {
			t.Errorf("ticket %s called before the disk died is not called on the rebuilt board %v", n, board)
		}
	}
	if a := walkIn("pas"); a != "A005" {
		t.Errorf("first A ticket after the rebuild is %s, want A005 (issued before: %v)", a, issued)
	}
	if b := walkIn("mitid"); b != "B002" {
		t.Errorf("first B ticket after the rebuild is %s, want B002 (issued before: %v)", b, issued)
	}
	next, err := c.CallNext("1", []string{"pas"})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(called, next.Number) || next.Number != "A003" {
		t.Errorf("the next call after the rebuild is %s, want A003 (called before: %v)", next.Number, called)
	}
}
