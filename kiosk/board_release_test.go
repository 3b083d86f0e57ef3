package kiosk

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestBoardShowsRelease: the release IT reads off the wall is the one BoardOptions
// carries, in the bottom-right margin, below every row so that it never covers a number.
func TestBoardShowsRelease(t *testing.T) {
	f := newCounterFixture(t)
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	b := NewBoard(a, w, BoardOptions{Desk: f.desk, Clock: f.clock, Refresh: time.Hour, Release: "9.8.7"})
	w.SetContent(b.Content())
	w.Resize(fyne.NewSize(1920, 1080))
	t.Cleanup(func() {
		b.Stop()
		w.Close()
	})

	r := b.view.release
	if r.Text != "9.8.7" || !r.Visible() {
		t.Fatalf("release %q (visible %v), want 9.8.7", r.Text, r.Visible())
	}
	size := b.view.Size()
	if r.Position().Y+r.Size().Height > size.Height || r.Position().X+r.Size().Width > size.Width {
		t.Errorf("release at %v size %v is outside the board %v", r.Position(), r.Size(), size)
	}
	last := b.view.rows[len(b.view.rows)-1].band
	if r.Position().Y < last.Position().Y+last.Size().Height {
		t.Errorf("release at y %v overlaps the last row, which ends at %v", r.Position().Y, last.Position().Y+last.Size().Height)
	}
	if r.TextSize <= 0 || r.TextSize > size.Height*0.03 {
		t.Errorf("release text size %v: want small but readable", r.TextSize)
	}
}
