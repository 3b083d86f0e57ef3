package main

import (
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
)

// boardRecallShot renders the board after a morning's calls in which counters 2 and 3 have
// served their citizens (those numbers are gone, and counter 2 has called the next) and
// counter 1 has called its citizen again (that number is back on top).
func boardRecallShot(a fyne.App, out, dir string, size fyne.Size) error {
	err := withQueue(filepath.Join(dir, "board-recall.db"), func(desk *booking.Desk, clock *movingClock) error {
		call := func(counter string, minutesAgo int) (booking.Ticket, error) {
			clock.set(now.Add(-time.Duration(minutesAgo) * time.Minute))
			return desk.CallNext(counter, nil)
		}
		var called []booking.Ticket
		for i, counter := range []string{"1", "4", "2", "3"} {
			t, err := call(counter, 9-i)
			if err != nil {
				return err
			}
			called = append(called, t)
		}
		clock.set(now.Add(-3 * time.Minute))
		for _, t := range called[2:] { // counters 2 and 3 are done with theirs
			if _, err := desk.Finish(t.Number); err != nil {
				return err
			}
		}
		if _, err := call("2", 2); err != nil {
			return err
		}
		clock.set(now)
		if _, err := desk.Recall(called[0].Number); err != nil {
			return err
		}
		return boardShot(a, desk, clock, size, filepath.Join(out, "board-recall.png"))
	})
	if err != nil {
		return fmt.Errorf("board after a recall: %w", err)
	}
	return nil
}

// boardShot renders the board over desk, as the clock stands, to the PNG file name.
func boardShot(a fyne.App, desk *booking.Desk, clock *movingClock, size fyne.Size, name string) error {
	w := test.NewWindow(nil)
	defer w.Close()
	b := kiosk.NewBoard(a, w, kiosk.BoardOptions{Desk: desk, Clock: clock, Refresh: time.Hour})
	defer b.Stop()
	w.SetContent(b.Content())
	w.Resize(size)
	return save(name, w.Canvas().Capture())
}
