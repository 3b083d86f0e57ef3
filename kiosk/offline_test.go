package kiosk

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/site"
	"github.com/citizenkiosk/citizenkiosk/storage"
	"github.com/citizenkiosk/citizenkiosk/storage/storagetest"
)

// testDesk is a real site desk on a loopback port, over a database on disk, that a test
// stops and starts again on the same address, as a centre's desk restarts.
type testDesk struct {
	t      *testing.T
	db     *storage.DB
	addr   string
	cancel context.CancelFunc
	done   chan error
}

func startTestDesk(t *testing.T) *testDesk {
	t.Helper()
	db := storagetest.Open(t)
	if err := db.ReplaceDay(booking.DayOf(time.Now()), testServices, nil); err != nil {
		t.Fatal(err)
	}
	d := &testDesk{t: t, db: db, addr: "127.0.0.1:0"}
	d.start()
	t.Cleanup(d.stop)
	return d
}

func (d *testDesk) start() {
	d.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan net.Addr, 1), make(chan error, 1)
	go func() {
		done <- site.Run(ctx, d.db, site.RunOptions{Serve: site.ServeOptions{Addr: d.addr},
			Rules: booking.DefaultRules(), Ready: func(a net.Addr) { ready <- a }})
	}()
	select {
	case a := <-ready:
		d.addr, d.cancel, d.done = a.String(), cancel, done
	case err := <-done:
		cancel()
		d.t.Fatalf("desk on %s: %v", d.addr, err)
	}
}

func (d *testDesk) stop() {
	if d.cancel != nil {
		d.cancel()
		<-d.done
		d.cancel = nil
	}
}

// client is a new machine of the centre, talking to the desk.
func (d *testDesk) client(name string) *site.Client {
	d.t.Helper()
	c, err := site.NewClient(site.ClientOptions{URL: "http://" + d.addr, Name: name})
	if err != nil {
		d.t.Fatal(err)
	}
	d.t.Cleanup(c.Close)
	return c
}

// uiLock stands in for the UI goroutine, which Fyne's test driver does not have: the
// screens' background work hands its results over while holding it (onUI), and the
// tests tap and look while holding it.
var uiLock sync.Mutex

func lockUI(t *testing.T) {
	old := onUI
	onUI = func(f func()) { uiLock.Lock(); defer uiLock.Unlock(); f() }
	t.Cleanup(func() { onUI = old })
}

func underUI[T any](f func() T) T {
	uiLock.Lock()
	defer uiLock.Unlock()
	return f()
}

// tapUI taps b as the UI goroutine would, then waits for the work it started.
func tapUI(t *testing.T, c *Counter, b *widget.Button) {
	t.Helper()
	if underUI(func() bool { test.Tap(b); return true }) && c != nil {
		c.Wait()
	}
}

// eventually polls cond until it holds, or fails the test after a generous while: the
// screens recover by themselves, and a loaded machine may take its time.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !underUI(cond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCounterOffline: the counter follows the desk's stream (its own poll is an hour), so
// a walk-in taken at the door shows at once; with the desk stopped it says so and its
// actions are disabled; with the desk back it recovers by itself and can call.
func TestCounterOffline(t *testing.T) {
	lockUI(t)
	d := startTestDesk(t)
	f := newCounterFixture(t, func(o *CounterOptions) { o.Desk = d.client("counter-3") })
	for _, part := range []string{staffID, staffPIN} {
		for _, r := range part {
			tapUI(t, f.c, f.c.login.keys[string(r)])
		}
		tapUI(t, f.c, f.c.login.keys[keyOK])
	}
	q := f.c.queue
	eventually(t, "the queue screen, empty", func() bool { return f.c.current == q && q.waiting.Text == "Venter: 0" })
	if _, err := d.client("door").WalkIn("pas"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the walk-in on the counter through the stream", func() bool { return q.waiting.Text == "Venter: 1" })

	d.stop()
	eventually(t, "the counter offline", func() bool {
		return q.callNext.Disabled() && strings.Contains(q.message.Text, "Køserveren kan ikke nås")
	})
	if got := underUI(func() string { return q.waiting.Text }); got != "Venter: 1" {
		t.Errorf("the line on screen went: %q", got)
	}

	d.start()
	eventually(t, "the counter back", func() bool { return !q.callNext.Disabled() })
	tapUI(t, f.c, q.callNext)
	eventually(t, "A001 called", func() bool { return q.number.Text == "A001" })
}

// TestBoardOffline: the board shows a call as the stream tells of it; with the desk
// stopped it keeps the calls with a discreet offline mark; with the desk back the mark goes.
func TestBoardOffline(t *testing.T) {
	lockUI(t)
	d := startTestDesk(t)
	// Built as the UI goroutine would: the board's first update may come at once.
	var w fyne.Window
	b := underUI(func() *Board {
		a := test.NewTempApp(t)
		w = test.NewWindow(nil)
		b := NewBoard(a, w, BoardOptions{Desk: d.client("board"), Refresh: time.Hour})
		w.SetContent(b.Content())
		w.Resize(fyne.NewSize(1920, 1080))
		return b
	})
	t.Cleanup(func() {
		b.Stop() // not under the lock: the board's last update may be waiting for it
		underUI(func() bool { w.Close(); return true })
	})
	staff := d.client("counter-1")
	if _, err := d.client("door").WalkIn("mitid"); err != nil {
		t.Fatal(err)
	}
	if _, err := staff.CallNext("1", nil); err != nil {
		t.Fatal(err)
	}
	called := func() bool { got := shown(b); return len(got) == 1 && got[0] == "B001@1" }
	visible := func(o fyne.CanvasObject) func() bool { return func() bool { return o.Visible() } }
	eventually(t, "the call on the board through the stream", called)
	if underUI(visible(b.view.offline)) {
		t.Error("offline mark with the desk up")
	}

	d.stop()
	eventually(t, "the offline mark", visible(b.view.offline))
	if !underUI(called) {
		t.Errorf("the board dropped its calls: %v", underUI(func() []string { return shown(b) }))
	}

	d.start()
	eventually(t, "the mark gone", func() bool { return !b.view.offline.Visible() })
	if !underUI(called) {
		t.Errorf("after the desk came back: %v", underUI(func() []string { return shown(b) }))
	}
}

// TestSelfServiceOffline: with the desk stopped the door kiosk sends citizens to a
// counter; with it back, the next citizen gets a ticket.
func TestSelfServiceOffline(t *testing.T) {
	d := startTestDesk(t)
	f := newFixture(t, func(o *Options) { o.Desk = d.client("door") })
	d.stop()
	f.tap(f.s.welcome.walkIn)
	f.on(f.s.message, "message")
	if got := f.s.message.title.Text + " " + f.s.message.body.Text; !strings.Contains(got, "skranke") {
		t.Errorf("message %q does not send the citizen to a counter", got)
	}
	f.s.home()
	d.start()
	f.tap(f.s.welcome.walkIn)
	f.on(f.s.walkIn, "walk-in")
	f.tap(f.s.walkIn.buttons["pas"])
	f.on(f.s.ticket, "ticket")
	if f.s.ticket.number.Text != "A001" {
		t.Errorf("ticket %q", f.s.ticket.number.Text)
	}
}
