package kiosk

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// recordingAnnouncer keeps the calls it was asked to announce, as "number@counter".
type recordingAnnouncer struct {
	mu    sync.Mutex
	calls []string
}

func (r *recordingAnnouncer) Announce(ticket, counter string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, ticket+"@"+counter)
}

// take returns the calls announced since the last take.
func (r *recordingAnnouncer) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.calls
	r.calls = nil
	return out
}

// TestBoardAnnouncesCalls: each new call is announced once, a recall again as a new call
// with its band blinking, and a finished ticket leaves the board without a sound.
func TestBoardAnnouncesCalls(t *testing.T) {
	f := newCounterFixture(t)
	f.clock.set(at(10, 10))
	if _, err := f.desk.CallNext("1", nil); err != nil { // A001, before the board starts
		t.Fatal(err)
	}
	rec := &recordingAnnouncer{}
	b := newAnnouncingBoard(t, f.desk, f.clock, rec)
	if got := rec.take(); len(got) != 0 {
		t.Errorf("a board starting announced the calls made before: %v", got)
	}
	refresh := func(when time.Time) []string {
		t.Helper()
		f.clock.set(when)
		b.view.set(b.poll())
		return rec.take()
	}
	f.clock.set(at(10, 11))
	if _, err := f.desk.CallNext("2", nil); err != nil { // A003
		t.Fatal(err)
	}
	if got := refresh(at(10, 11).Add(time.Second)); !slices.Equal(got, []string{"A003@2"}) {
		t.Errorf("announced %v, want A003@2", got)
	}
	if got := refresh(at(10, 11).Add(2 * time.Second)); len(got) != 0 {
		t.Errorf("a call announced twice: %v", got)
	}

	// Counter 1 calls A001 again: it is a new call, on top and blinking.
	recall := at(10, 12)
	f.clock.set(recall)
	if _, err := f.desk.Recall("A001"); err != nil {
		t.Fatal(err)
	}
	if got := refresh(recall.Add(time.Second)); !slices.Equal(got, []string{"A001@1"}) {
		t.Errorf("recall announced %v, want A001@1", got)
	}
	if got := shown(b); got[0] != "A001@1" || !b.view.flash {
		t.Errorf("after recall: %v, blinking %v", got, b.view.flash)
	}
	if refresh(recall.Add(2 * time.Second)); b.view.rows[0].band.FillColor != amber {
		t.Error("blinking band is not amber on even seconds")
	}
	if refresh(recall.Add(3 * time.Second)); b.view.rows[0].band.FillColor != white {
		t.Error("blinking band is not white on odd seconds")
	}
	if refresh(recall.Add(flashFor + time.Second)); b.view.flash || b.view.rows[0].band.FillColor != amber {
		t.Error("the band still blinks long after the call")
	}

	// Finished and given-up tickets leave "now serving", silently.
	f.clock.set(at(10, 13))
	if _, err := f.desk.Finish("A001"); err != nil {
		t.Fatal(err)
	}
	if got := refresh(at(10, 13)); len(got) != 0 || strings.Join(shown(b), " ") != "A003@2" {
		t.Errorf("after A001 finished: board %v, announced %v", shown(b), got)
	}
	if _, err := f.desk.NoShow("A003"); err != nil {
		t.Fatal(err)
	}
	if got := refresh(at(10, 14)); len(got) != 0 || len(shown(b)) != 0 || !b.view.emptyDA.Visible() {
		t.Errorf("after A003 no-show: board %v, announced %v", shown(b), got)
	}
}

// TestCallTracker: calls between two reads are announced oldest first, two in one instant
// both, and a ticket that comes back into view when newer ones are done is not new.
func TestCallTracker(t *testing.T) {
	call := func(number, counter string, min int, recalled ...int) booking.Ticket {
		tk := booking.Ticket{Number: number, Counter: counter, CalledAt: at(10, min)}
		if len(recalled) > 0 {
			tk.RecalledAt = at(10, recalled[0])
		}
		return tk
	}
	names := func(ts []booking.Ticket) string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Number)
		}
		return strings.Join(out, " ")
	}
	var c callTracker
	steps := []struct {
		name  string
		board []booking.Ticket // newest first, as booking.Desk.Board gives it
		want  string
	}{
		{"first read takes note", []booking.Ticket{call("A002", "2", 2), call("A001", "1", 1)}, ""},
		{"two calls since", []booking.Ticket{call("B001", "1", 5), call("A003", "3", 4), call("A002", "2", 2), call("A001", "1", 1)}, "A003 B001"},
		{"a recall", []booking.Ticket{call("A001", "1", 1, 6), call("B001", "1", 5), call("A003", "3", 4), call("A002", "2", 2)}, "A001"},
		{"same instant", []booking.Ticket{call("C001", "4", 6), call("A001", "1", 1, 6), call("B001", "1", 5)}, "C001"},
		{"back into view", []booking.Ticket{call("C001", "4", 6), call("A001", "1", 1, 6), call("A000", "9", 0)}, ""},
		{"empty board", nil, ""},
		{"called after the board emptied", []booking.Ticket{call("D001", "2", 7)}, "D001"},
	}
	for _, s := range steps {
		if got := names(c.update(s.board)); got != s.want {
			t.Errorf("%s: new calls %q, want %q", s.name, got, s.want)
		}
	}
}

// TestBoardAfterFailedReads: calls made while the board could not read the desk are shown
// when it can again, but only those of the last minute are announced.
func TestBoardAfterFailedReads(t *testing.T) {
	clock := &testClock{t: at(10, 0)}
	desk := &switchBoard{tickets: []booking.Ticket{{Number: "A001", Counter: "1", CalledAt: at(9, 55)}}}
	rec := &recordingAnnouncer{}
	b := newAnnouncingBoard(t, desk, clock, rec)
	desk.err = errors.New("desk unreachable")
	clock.set(at(10, 5))
	b.view.set(b.poll())
	desk.err = nil
	desk.tickets = []booking.Ticket{
		{Number: "A003", Counter: "2", CalledAt: at(10, 5).Add(-20 * time.Second)},
		{Number: "A002", Counter: "1", CalledAt: at(10, 2)},
		{Number: "A001", Counter: "1", CalledAt: at(9, 55)},
	}
	b.view.set(b.poll())
	if got := rec.take(); !slices.Equal(got, []string{"A003@2"}) {
		t.Errorf("announced %v, want only the call of the last minute", got)
	}
	if got := shown(b); len(got) != 3 || got[1] != "A002@1" {
		t.Errorf("board %v: the older call made meanwhile is not shown", got)
	}
}
