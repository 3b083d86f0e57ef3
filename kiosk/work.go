package kiosk

import "sync"

// worker is the background-work pattern the self-service kiosk and the counter share:
// desk calls and printing run off the UI goroutine, and their results come back on it.
// One tapped action at a time (busy: further taps are ignored, so a double tap cannot
// check in or call twice); a generation that a reset or logout bumps, so that a result
// for someone who has gone is dropped; and the work in flight, which Wait waits for.
// busy and gen belong to the UI goroutine.
type worker struct {
	busy    bool           // an action is under way: further taps are ignored
	gen     uint64         // bumped by reset; results of work begun before are dropped
	pending sync.WaitGroup // work off the UI goroutine; tests wait on it
}

// do runs an action's work off the UI goroutine, then the function it returns on the UI
// goroutine, unless reset came between. While it runs, further actions are ignored; do
// reports whether this one started.
func (w *worker) do(work func() func()) bool {
	if w.busy {
		return false
	}
	w.busy = true
	w.spawn(func() func() {
		apply := work()
		return func() { w.busy = false; apply() }
	})
	return true
}

// spawn runs work off the UI goroutine and the function it returns on the UI goroutine,
// unless reset came between, without making the screen busy: for reads and printing.
func (w *worker) spawn(work func() func()) {
	gen := w.gen
	w.pending.Add(1)
	go func() {
		defer w.pending.Done()
		apply := work()
		onUI(func() {
			if gen == w.gen {
				apply()
			}
		})
	}()
}

// reset drops the results of the work in flight and lets new actions start: a desk call
// that hangs must not lock the next citizen, or the next member of staff, out.
func (w *worker) reset() {
	w.gen++
	w.busy = false
}
