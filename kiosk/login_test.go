package kiosk

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
)

// A second member of staff, to show that one staff number's lockout is its own.
const (
	otherID  = "2001"
	otherPIN = "8642"
)

// restart stops the counter and opens a new one on the same database, as after a reboot.
func (f *counterFixture) restart() {
	f.t.Helper()
	f.c.Stop()
	f.c.Wait()
	w := test.NewWindow(nil)
	c := NewCounter(nil, w, f.opt)
	w.SetContent(c.Content())
	w.Resize(fyne.NewSize(1280, 800))
	f.c, f.w = c, w
	f.t.Cleanup(func() { c.Stop(); c.Wait(); w.Close() })
}

func (f *counterFixture) problem(want ...string) {
	f.t.Helper()
	got := f.c.login.problem.Text
	for _, w := range want {
		if !strings.Contains(got, w) {
			f.t.Errorf("message %q does not say %q", got, w)
		}
	}
}

// TestCounterLockoutGrows: three wrong PINs lock the staff number for 30 s, the next wrong
// one for 2 minutes; the lockout holds across a restart, a locked staff number's right
// PIN is refused, and another staff number is not locked.
func TestCounterLockoutGrows(t *testing.T) {
	f := newCounterFixture(t, func(o *CounterOptions) {
		h, err := staffpin.Hash(otherPIN, staffpin.MinIterations)
		if err != nil {
			t.Fatal(err)
		}
		o.Staff[otherID] = h
	})
	start := f.clock.Now()
	for range 3 {
		f.logIn(staffID, "1111")
	}
	f.problem("For mange forkerte forsøg", "Prøv igen om 30 sekunder.")
	f.logIn(staffID, staffPIN) // right, but locked: not even checked
	f.on(f.c.login, "login")
	f.problem("Prøv igen om 30 sekunder.")

	// Another member of staff logs in meanwhile.
	f.logIn(otherID, otherPIN)
	f.on(f.c.queue, "queue")
	f.tap(f.c.queue.logout)

	f.clock.set(start.Add(30 * time.Second))
	f.logIn(staffID, "2222")
	f.problem("Prøv igen om 2 minutter.")

	f.restart()
	f.clock.set(start.Add(30*time.Second + 119*time.Second))
	f.logIn(staffID, staffPIN)
	f.on(f.c.login, "login")
	f.problem("Prøv igen om 1 sekund.")

	f.clock.set(start.Add(30*time.Second + 2*time.Minute))
	f.logIn(staffID, staffPIN)
	f.on(f.c.queue, "queue")
	if n, until, err := f.db.PINLock(staffID); err != nil || n != 0 || !until.IsZero() {
		t.Errorf("after a right PIN the database keeps %d failures until %v (%v)", n, until, err)
	}
}

// Only configured staff numbers reach the database: a PIN typed into the staff number
// field by mistake must not be written anywhere. Unknown numbers are locked all the same.
func TestCounterUnknownStaffNotStored(t *testing.T) {
	f := newCounterFixture(t)
	for range 3 {
		f.logIn("7351", "1111")
	}
	f.problem("Prøv igen om 30 sekunder.")
	if n, until, err := f.db.PINLock("7351"); err != nil || n != 0 || !until.IsZero() {
		t.Errorf("the database keeps an unknown staff number: %d until %v (%v)", n, until, err)
	}
	f.logIn(staffID, "1111")
	if n, _, err := f.db.PINLock(staffID); err != nil || n != 1 {
		t.Errorf("a configured staff number's wrong PIN: %d kept (%v), want 1", n, err)
	}
}

func TestTryAgainInEnglish(t *testing.T) {
	SetLanguage("en")
	t.Cleanup(func() { SetLanguage("da") })
	for _, tt := range []struct {
		left time.Duration
		want string
	}{
		{time.Second, "Try again in 1 second."},
		{30 * time.Second, "Try again in 30 seconds."},
		{59*time.Second + time.Millisecond, "Try again in 60 seconds."},
		{time.Minute, "Try again in 1 minute."},
		{2 * time.Minute, "Try again in 2 minutes."},
		{9*time.Minute + time.Second, "Try again in 10 minutes."},
	} {
		if got := tryAgainIn(tt.left); got != tt.want {
			t.Errorf("tryAgainIn(%v) = %q, want %q", tt.left, got, tt.want)
		}
	}
}
