package command

import (
	"fmt"

	"fyne.io/fyne/v2"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/site"
)

// screens holds what every mode's screens are built from.
type screens struct {
	cfg     config.Config
	desk    *site.Client // the centre's desk, or this process's own on loopback
	clock   booking.Clock
	printer printer.Printer
	demo    bool
	status  kiosk.SyncSource // the sync status for the corner; nil when this process does not sync
	ident   identifyParts    // the counter's Identify action; its zero value hides it
	// attempts keeps the counter's wrong PINs and lockouts in the kiosk database, so that
	// restarting the program does not end a lockout.
	attempts kiosk.PINAttempts
}

// open puts the configured mode's screens in w. Demo mode opens the counter and the
// waiting-room board beside the self-service window, all over one desk, so one person can
// take a ticket, call it at the counter and see it on the board. The returned func stops
// the screens' timers.
func (s screens) open(a fyne.App, w fyne.Window) (stop func(), err error) {
	switch s.cfg.Mode {
	case config.ModeCounter:
		c := s.counter(a, w)
		return c.Stop, nil
	case config.ModeDisplay:
		return s.board(a, w), nil
	case config.ModeSelfService:
	default:
		return nil, fmt.Errorf("mode %q is not selfservice, counter or display", s.cfg.Mode)
	}
	ui := kiosk.New(a, w, kiosk.Options{
		Desk:        s.desk,
		Printer:     s.printer,
		Clock:       s.clock,
		IdleTimeout: s.cfg.IdleTimeout.Duration,
		Language:    s.cfg.Language,
		KioskMode:   s.cfg.Fullscreen,
		Demo:        s.demo || s.cfg.Printer.Kind == config.PrinterPreview,
		Status:      s.status,
	})
	w.SetContent(ui.Content())
	if !s.demo {
		return ui.Stop, nil
	}
	cw := a.NewWindow("citizenkiosk – counter")
	s.cfg.Counter = demoCounter()
	c := s.counter(a, cw)
	bw := a.NewWindow("citizenkiosk – board")
	stopBoard := s.board(a, bw)
	cw.Resize(fyne.NewSize(1100, 650))
	bw.Resize(fyne.NewSize(960, 540))
	cw.Show()
	bw.Show()
	return func() { ui.Stop(); c.Stop(); stopBoard() }, nil
}

func (s screens) counter(a fyne.App, w fyne.Window) *kiosk.Counter {
	c := kiosk.NewCounter(a, w, kiosk.CounterOptions{
		Desk: s.desk, Clock: s.clock,
		CounterName: s.cfg.Counter.Name, Staff: s.cfg.Counter.Staff, Services: s.cfg.Counter.Services,
		IdleLogout: s.cfg.Counter.IdleLogout.Duration, Language: s.cfg.Language,
		KioskMode: s.cfg.Fullscreen && !s.demo, Attempts: s.attempts,
		Reader: s.ident.reader, Issuer: s.ident.issuer, Audit: s.ident.audit,
		Printer: s.printer, Centre: s.cfg.Counter.Centre, Status: s.status,
	})
	w.SetContent(c.Content())
	return c
}

// board opens the waiting-room board in w, with its sound, and returns what stops both.
func (s screens) board(a fyne.App, w fyne.Window) (stop func()) {
	sound, closeSound := boardSound(s.cfg.Display.Sound)
	b := kiosk.NewBoard(a, w, kiosk.BoardOptions{Desk: s.desk, Announcer: sound, Clock: s.clock,
		KioskMode: s.cfg.Fullscreen && !s.demo, Status: s.status,
		Release: Version})
	w.SetContent(b.Content())
	return func() { b.Stop(); closeSound() }
}
