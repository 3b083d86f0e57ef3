package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
)

// The counter's screenshot login: staff 1042, PIN 7351.
const (
	shotStaff = "1042"
	shotPIN   = "7351"
)

// movingClock is the demo's clock, set back in time while the queue fills.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movingClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// fillQueue checks in, 20 minutes before their time, the demo citizens whose check-in
// window is open now, and issues a few walk-in tickets over the last half hour, so that
// the counter has a morning's queue to show. The clock ends at now.
func fillQueue(desk *booking.Desk, clock *movingClock) error {
	type issue struct {
		at   time.Time
		appt *booking.Appointment
		svc  string
	}
	var plan []issue
	_, appts, _ := demo.Seed(now)
	for i := range appts {
		a := &appts[i]
		if i == 5 || a.Start.Before(now.Add(-10*time.Minute)) || a.Start.After(now.Add(30*time.Minute)) {
			// The sixth is cancelled in openDesk's database.
			continue
		}
		at := a.Start.Add(-20 * time.Minute)
		if at.After(now) {
			at = now
		}
		plan = append(plan, issue{at: at, appt: a})
	}
	for i, svc := range []string{"mitid", "pas", "sundhed", "flyt", "pas"} {
		plan = append(plan, issue{at: now.Add(time.Duration(-26+6*i) * time.Minute), svc: svc})
	}
	slices.SortStableFunc(plan, func(a, b issue) int { return a.at.Compare(b.at) })
	for _, p := range plan {
		clock.set(p.at)
		var err error
		if p.appt != nil {
			_, err = desk.CheckInAppointment(*p.appt)
		} else {
			_, err = desk.WalkIn(p.svc)
		}
		if err != nil {
			return fmt.Errorf("fill the queue at %s: %w", p.at.Format("15:04"), err)
		}
	}
	clock.set(now)
	return nil
}

// counterShots renders the counter's screens in each language, and the board once (it
// shows both languages at once), on a landscape screen.
func counterShots(a fyne.App, out, dir string, size fyne.Size) error {
	hash, err := staffpin.Hash(shotPIN, staffpin.MinIterations)
	if err != nil {
		return err
	}
	shots := []struct {
		name  string
		steps func(s *session) error
	}{
		{"counter-login", func(s *session) error {
			return s.do(s.keys(shotStaff), s.tap("OK"), s.keys(shotPIN[:2]))
		}},
		{"counter-locked", func(s *session) error {
			var steps []step
			for range 3 {
				steps = append(steps, s.keys(shotStaff), s.tap("OK"), s.keys("0000"), s.tap("OK"))
			}
			return s.do(steps...)
		}},
		{"counter-queue", func(s *session) error {
			return s.do(s.login(), s.tap("Call next"), s.tap("Citizen has come"))
		}},
		{"counter-transfer", func(s *session) error {
			return s.do(s.login(), s.tap("Call next"), s.tap("Transfer"))
		}},
		{"counter-identify", func(s *session) error {
			return s.do(s.login(), s.tap("Call next"), s.tap("Identify"),
				s.typeInto("Document number", shotDocument), s.typeInto("Birth date", shotBirth))
		}},
		{"counter-verdict", func(s *session) error {
			return s.do(s.login(), s.tap("Call next"), s.identify(), s.check("The face matches the person in front of me"))
		}},
		{"counter-letter", func(s *session) error {
			return s.do(s.login(), s.tap("Call next"), s.identify(),
				s.check("The face matches the person in front of me"), s.tap("Issue activation code"))
		}},
	}
	ident, err := newShotIdentify()
	if err != nil {
		return err
	}
	for _, language := range kiosk.Languages {
		for _, shot := range shots {
			name := shot.name + "-" + language
			err := withQueue(filepath.Join(dir, name+".db"), func(desk *booking.Desk, clock *movingClock) error {
				w := test.NewWindow(nil)
				defer w.Close()
				ui := kiosk.NewCounter(a, w, kiosk.CounterOptions{Desk: desk, Clock: clock, CounterName: "3",
					Staff: map[string]string{shotStaff: hash}, Language: language,
					IdleLogout: time.Hour, Refresh: time.Hour, Centre: "Borgerservice Aarhus",
					Reader: ident.reader, Issuer: ident.issuer, Audit: ident.audit})
				defer ui.Stop()
				w.SetContent(ui.Content())
				w.Resize(size)
				s := &session{w: w, ui: ui}
				if err := shot.steps(s); err != nil {
					return err
				}
				return save(filepath.Join(out, name+".png"), w.Canvas().Capture())
			})
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	err = withQueue(filepath.Join(dir, "board.db"), func(desk *booking.Desk, clock *movingClock) error {
		// Four counters call in turn, a minute apart.
		for i, counter := range []string{"1", "4", "2", "3", "1", "4"} {
			clock.set(now.Add(time.Duration(i-6) * time.Minute))
			if _, err := desk.CallNext(counter, nil); err != nil {
				return err
			}
		}
		clock.set(now)
		return boardShot(a, desk, clock, size, filepath.Join(out, "board.png"))
	})
	if err != nil {
		return fmt.Errorf("board: %w", err)
	}
	return nil
}

// withQueue opens a new database at path holding the demo day and its queue, and runs fn
// with a desk over it.
func withQueue(path string, fn func(*booking.Desk, *movingClock) error) error {
	clock := &movingClock{t: now}
	desk, closeDB, err := openDesk(path, clock)
	if err != nil {
		return err
	}
	err = fillQueue(desk, clock)
	if err == nil {
		err = fn(desk, clock)
	}
	if cerr := closeDB(); err == nil {
		err = cerr
	}
	return err
}

// login types the screenshot staff number and PIN.
func (s *session) login() step {
	return func() error {
		return s.do(s.keys(shotStaff), s.tap("OK"), s.keys(shotPIN), s.tap("OK"))
	}
}
