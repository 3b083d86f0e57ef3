package kiosk

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

func newTestBoard(t *testing.T, desk BoardDesk, clock booking.Clock) *Board {
	t.Helper()
	return newAnnouncingBoard(t, desk, clock, nil)
}

// newAnnouncingBoard is a board that refreshes only when the test says (b.poll), and tells
// announcer of its calls.
func newAnnouncingBoard(t *testing.T, desk BoardDesk, clock booking.Clock, announcer Announcer) *Board {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	b := NewBoard(a, w, BoardOptions{Desk: desk, Clock: clock, Refresh: time.Hour, Announcer: announcer})
	w.SetContent(b.Content())
	w.Resize(fyne.NewSize(1920, 1080))
	t.Cleanup(func() {
		b.Stop()
		w.Close()
	})
	return b
}

// shown lists the board's rows as "number@counter".
func shown(b *Board) []string {
	var out []string
	for _, r := range b.view.rows {
		if r.number.Text != "" {
			out = append(out, r.number.Text+"@"+r.counter.Text)
		}
	}
	return out
}

func TestBoardShowsCalls(t *testing.T) {
	f := newCounterFixture(t)
	b := newTestBoard(t, f.desk, f.clock)
	if len(shown(b)) != 0 || !b.view.emptyDA.Visible() {
		t.Fatalf("board before any call: %v", shown(b))
	}
	if b.view.titleDA.Text != "Nu betjenes" || b.view.titleEN.Text != "Now serving" ||
		b.view.deskHead.Text != "Skranke · Counter" {
		t.Errorf("titles %q %q %q: want Danish and English together", b.view.titleDA.Text, b.view.titleEN.Text, b.view.deskHead.Text)
	}
	for i, counter := range []string{"1", "2", "1"} {
		f.clock.set(at(10, 10+i))
		if _, err := f.desk.CallNext(counter, nil); err != nil {
			t.Fatal(err)
		}
	}
	b.view.set(b.poll())
	want := []string{"A002@1", "A003@2", "A001@1"}
	if got := shown(b); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("board %v, want %v", got, want)
	}
	if b.view.rows[0].band.FillColor != amber || b.view.rows[1].band.FillColor == amber {
		t.Error("the newest call is not the only one highlighted")
	}
	if b.view.emptyDA.Visible() || b.view.clock.Text != "10:12" {
		t.Errorf("empty text shown, or clock %q", b.view.clock.Text)
	}
	if r := b.view.rows[0].number; r.TextSize < 100 {
		t.Errorf("newest number is %v px on a 1080p screen: not huge", r.TextSize)
	}
	// A recall goes to the top again.
	f.clock.set(at(10, 13))
	if _, err := f.desk.Recall("A001"); err != nil {
		t.Fatal(err)
	}
	b.view.set(b.read())
	if got := shown(b); got[0] != "A001@1" {
		t.Errorf("after recall: %v", got)
	}
}

// TestBoardKeepsCallsWhenReadFails: a failed read leaves the numbers on screen.
func TestBoardKeepsCallsWhenReadFails(t *testing.T) {
	desk := &switchBoard{tickets: []booking.Ticket{{Number: "A001", Counter: "2"}}}
	b := newTestBoard(t, desk, booking.ClockFunc(func() time.Time { return now }))
	desk.err = errors.New("disk gone")
	b.view.set(b.read())
	if got := shown(b); len(got) != 1 || got[0] != "A001@2" {
		t.Errorf("after a failed read: %v", got)
	}
}

type switchBoard struct {
	tickets []booking.Ticket
	err     error
}

func (s *switchBoard) Board(string) ([]booking.Ticket, error) { return s.tickets, s.err }

// countingBoard counts reads.
type countingBoard struct{ reads atomic.Int32 }

func (c *countingBoard) Board(string) ([]booking.Ticket, error) {
	c.reads.Add(1)
	return nil, nil
}

// TestBoardRefreshes runs the real ticker, and checks that Stop ends it.
func TestBoardRefreshes(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	desk := &countingBoard{}
	b := NewBoard(a, w, BoardOptions{Desk: desk, Refresh: time.Millisecond})
	deadline := time.Now().Add(5 * time.Second)
	for desk.reads.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	b.Stop()
	b.Stop() // twice is fine
	after := desk.reads.Load()
	time.Sleep(20 * time.Millisecond)
	if after < 3 || desk.reads.Load() != after {
		t.Errorf("%d reads before Stop, %d after", after, desk.reads.Load()-after)
	}
	w.Close()
}
