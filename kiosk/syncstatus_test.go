package kiosk

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// TestSyncStatusInEveryMode: the one sync source reaches the counter's top bar and the
// board's corner as it reaches the self-service kiosk's (TestStatusCorner); on the board,
// a desk that cannot be read outranks it.
func TestSyncStatusInEveryMode(t *testing.T) {
	src := fixedSync{Online: false, Pending: 3}
	f := newCounterFixture(t, func(o *CounterOptions) { o.Status = src })
	f.logIn(staffID, staffPIN)
	f.c.Wait()
	if got := f.c.queue.sync.Text; !strings.HasPrefix(got, "offline") || !strings.Contains(got, "3") {
		t.Errorf("counter status %q", got)
	}

	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	desk := &switchBoard{tickets: []booking.Ticket{{Number: "A001", Counter: "2"}}}
	b := NewBoard(a, w, BoardOptions{Desk: desk, Status: src, Refresh: time.Hour,
		Clock: booking.ClockFunc(func() time.Time { return now })})
	t.Cleanup(func() { b.Stop(); w.Close() })
	if got := b.view.offline.Text; !b.view.offline.Visible() || !strings.Contains(got, "3") {
		t.Errorf("board status %q (shown %v)", got, b.view.offline.Visible())
	}
	desk.err = errors.New("desk gone")
	b.view.set(b.read())
	if got := b.view.offline.Text; got != "offline" || shown(b)[0] != "A001@2" {
		t.Errorf("board with the desk unreadable: %q, calls %v", got, shown(b))
	}
}
