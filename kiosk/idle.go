package kiosk

import (
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// idle notices that a citizen is using the kiosk and calls back when nobody has for a
// while. Fyne has no idle timer, so idle is a transparent widget laid over the screens: it
// takes hover events, which a touch screen sends as a finger moves, while taps still reach
// the buttons beneath (only tappable objects receive taps). Taps and keystrokes reach it
// through poke.
type idle struct {
	widget.BaseWidget
	onActivity func()

	mu       sync.Mutex
	timer    *time.Timer
	timeout  time.Duration
	deadline time.Time
	expire   func()
	seq      uint64 // which arm the timer belongs to; an older timer's firing is ignored
	stopped  bool
}

func newIdle(onActivity func()) *idle {
	i := &idle{onActivity: onActivity}
	i.ExtendBaseWidget(i)
	return i
}

// CreateRenderer draws nothing.
func (i *idle) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MouseIn is activity.
func (i *idle) MouseIn(*desktop.MouseEvent) { i.onActivity() }

// MouseMoved is activity.
func (i *idle) MouseMoved(*desktop.MouseEvent) { i.onActivity() }

// MouseOut is not.
func (i *idle) MouseOut() {}

// arm starts waiting d for activity; if none comes, expire runs on the UI goroutine.
func (i *idle) arm(d time.Duration, expire func()) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.stopped {
		return
	}
	i.seq++
	seq := i.seq
	i.timeout, i.expire = d, expire
	i.deadline = time.Now().Add(d)
	if i.timer != nil {
		i.timer.Stop()
	}
	i.timer = time.AfterFunc(d, func() { i.fire(seq) })
}

// poke pushes the deadline back by the timeout. It is cheap: the timer is not touched
// but, when it fires, finds the deadline moved and waits again.
func (i *idle) poke() {
	i.mu.Lock()
	i.deadline = time.Now().Add(i.timeout)
	i.mu.Unlock()
}

// fire runs on the timer's goroutine.
func (i *idle) fire(seq uint64) {
	if i.wait(seq) {
		fyne.Do(func() {
			// A touch may have come between the timer and the UI goroutine.
			if i.wait(seq) {
				i.expire()
			}
		})
	}
}

// wait reports whether arm seq is due; if it is current but not yet due, it sets the
// timer for the time left.
func (i *idle) wait(seq uint64) bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.stopped || seq != i.seq {
		return false
	}
	if left := time.Until(i.deadline); left > 0 {
		i.timer = time.AfterFunc(left, func() { i.fire(seq) })
		return false
	}
	return true
}

// stop ends the timer for good.
func (i *idle) stop() {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.stopped = true
	if i.timer != nil {
		i.timer.Stop()
	}
}
