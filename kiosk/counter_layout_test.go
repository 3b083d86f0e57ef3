package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
)

// The screens counters have: a 1366×768 laptop or PC and a 1920×1080 monitor, full screen.
var counterScreenSizes = []fyne.Size{fyne.NewSize(1366, 768), fyne.NewSize(1920, 1080)}

// TestCounterScreensFit lays every counter screen out in Danish and English, with the
// longest texts each shows (a ticket at the counter, a message after an action), and checks
// that it fits the smallest counter screen, so no button is cut off at either size.
func TestCounterScreensFit(t *testing.T) {
	for _, language := range Languages {
		t.Run(language, func(t *testing.T) {
			f := newCounterFixture(t, func(o *CounterOptions) { o.Language = language })
			checkFits(t, f, "login")
			f.logIn(staffID, staffPIN)
			f.tap(f.c.queue.callNext)
			f.tap(f.c.queue.recall)
			f.tap(f.c.queue.noShow) // the longest message: "A001 did not come."
			f.tap(f.c.queue.callNext)
			for _, sc := range f.c.screens() {
				f.c.show(sc)
				checkFits(t, f, sc)
			}
		})
	}
}

func checkFits(t *testing.T, f *counterFixture, which any) {
	t.Helper()
	min := f.c.Content().MinSize()
	for _, size := range counterScreenSizes {
		if min.Width > size.Width || min.Height > size.Height {
			t.Errorf("%T needs %.0f×%.0f, more than a %.0f×%.0f screen", which, min.Width, min.Height, size.Width, size.Height)
		}
		f.w.Resize(size)
	}
}

// TestCounterShowsBookedCitizen: staff see whom the ticket at the counter was booked for,
// to hold the identity document against; a walk-in shows no one; a recall says so.
func TestCounterShowsBookedCitizen(t *testing.T) {
	f := newCounterFixture(t)
	f.logIn(staffID, staffPIN)
	q := f.c.queue
	f.tap(q.callNext) // A001, booked by Anna Sofie Testesen
	if got, want := q.citizen.Text, "Booket af Anna Sofie Testesen, født 24.03.1985"; got != want {
		t.Errorf("booked A001: %q, want %q", got, want)
	}
	if got := q.state.Text; got != "Kaldt kl. 10:06" {
		t.Errorf("state after call: %q", got)
	}
	f.clock.set(at(10, 8))
	f.tap(q.recall)
	if got := q.state.Text; got != "Kaldt igen kl. 10:08" {
		t.Errorf("state after a recall: %q", got)
	}
	f.tap(q.finish)
	f.tap(q.callNext) // A003, booked by Mikkel
	if got := q.citizen.Text; got != "Booket af Mikkel Testesen, født 14.03.1988" {
		t.Errorf("booked A003: %q", got)
	}
	f.tap(q.finish)
	f.tap(q.callNext) // A002, a walk-in
	if q.current.Number != "A002" || q.citizen.Text != "" {
		t.Errorf("walk-in %s shows %q", q.current.Number, q.citizen.Text)
	}
}
