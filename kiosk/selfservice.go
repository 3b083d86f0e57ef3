package kiosk

import (
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
)

// Desk is what the self-service screens need from the front desk. *booking.Desk satisfies it.
type Desk interface {
	Services() ([]booking.Service, error)
	Service(id string) (booking.Service, error)
	CheckIn(code string) (booking.Visit, error)
	FindByBirth(birth booking.Date, firstName string) (booking.Appointment, error)
	CheckInAppointment(a booking.Appointment) (booking.Visit, error)
	WalkIn(serviceID string) (booking.Visit, error)
}

// Options configure the self-service kiosk. Only Desk is required.
type Options struct {
	Desk    Desk
	Printer printer.Printer // nil: tickets are shown on screen only
	Clock   booking.Clock   // nil: the wall clock

	// IdleTimeout is how long a screen waits for a touch before going back to the
	// welcome screen and forgetting the citizen; 30 s if zero.
	IdleTimeout time.Duration
	// TicketTimeout is how long the ticket stays on screen once printed; 10 s if zero.
	TicketTimeout time.Duration
	// PrintTimeout bounds one print; 20 s if zero.
	PrintTimeout time.Duration

	Language  string     // the language each citizen starts in: "da" (default) or "en"
	KioskMode bool       // full screen, and the window cannot be closed
	Demo      bool       // show the slip's preview next to the ticket
	Status    SyncSource // if set, shown small in a corner ("online", "offline"), polled
}

// SelfService is the kiosk a citizen uses by the door.
type SelfService struct {
	opt  Options
	win  fyne.Window
	lang string // the language on screen

	welcome *welcome
	code    *appointment
	birth   *birthDate
	name    *firstName
	walkIn  *walkIn
	ticket  *ticketScreen
	message *message

	body    *fyne.Container // holds the screen being shown
	current screen
	status  *widget.Label
	root    fyne.CanvasObject

	idle    *idle
	scan    []rune         // what a hand scanner has typed since its last Enter
	lastKey time.Time      // when the last rune came; a pause starts a new scan
	session session        // what this citizen entered or was told; gone on reset
	worker                 // desk calls and printing off the UI goroutine
	spool   *printer.Spool // tickets that did not print wait here (memory only) to be printed again; nil without a printer

	stop      chan struct{}
	stopOnce  sync.Once
	afterIdle func() // test hook, called after an idle reset
}

// session is what the kiosk holds about the citizen in front of it between screens;
// everything else lives in the screens' widgets.
type session struct {
	birth booking.Date // typed on the birth-date screen, needed with the first name
}

// screen is one self-service screen.
type screen interface {
	content() fyne.CanvasObject
	translate() // set every text in the current language
	clear()     // forget everything the citizen typed or was shown
}

// New builds the self-service screens for w. Call Show to put them on the window, or
// place Content yourself.
func New(a fyne.App, w fyne.Window, opt Options) *SelfService {
	if opt.Clock == nil {
		opt.Clock = booking.SystemClock{}
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = 30 * time.Second
	}
	if opt.TicketTimeout <= 0 {
		opt.TicketTimeout = 10 * time.Second
	}
	if opt.PrintTimeout <= 0 {
		opt.PrintTimeout = 20 * time.Second
	}
	if !supported(opt.Language) {
		opt.Language = Languages[0]
	}
	if a != nil {
		a.Settings().SetTheme(Theme{})
	}
	s := &SelfService{opt: opt, win: w, stop: make(chan struct{})}
	if opt.Printer != nil {
		s.spool = printer.NewSpool(opt.Printer, opt.Clock.Now)
	}
	s.welcome = newWelcome(s)
	s.code = newAppointment(s)
	s.birth = newBirthDate(s)
	s.name = newFirstName(s)
	s.walkIn = newWalkIn(s)
	s.ticket = newTicket(s)
	s.message = newMessage(s)

	s.status = &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
	s.body = container.NewStack()
	s.idle = newIdle(s.poke)
	// The status has a line of its own under the screens, so that it never covers a button.
	s.status.Hide()
	s.root = container.NewStack(
		container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), s.status), nil, nil, s.body),
		s.idle,
	)
	s.setLanguage(opt.Language)
	s.show(s.welcome)
	if w != nil {
		s.ListenForScanner(w.Canvas())
		if opt.KioskMode {
			w.SetFullScreen(true)
			w.SetCloseIntercept(func() { slog.Info("kiosk: request to close the window ignored") })
		}
	}
	if opt.Status != nil {
		text := SyncStatusText(opt.Status.SyncState())
		s.status.SetText(text)
		s.status.Show()
		go s.pollStatus(text)
	}
	return s
}

// Content is the kiosk's whole user interface.
func (s *SelfService) Content() fyne.CanvasObject { return s.root }

// Show puts the kiosk on its window and shows the window. New has already made the
// window listen for a hand scanner and, in kiosk mode, full screen and impossible to close,
// so setting Content on the window yourself works as well.
func (s *SelfService) Show() {
	s.win.SetContent(s.root)
	s.win.Show()
}

// Wait blocks until the work that taps and scans have started off the UI goroutine (desk
// calls, printing) has finished. With Fyne's test driver, which runs fyne.Do at once, the
// screens then show the outcome; tests and the screenshot tool use it.
func (s *SelfService) Wait() { s.pending.Wait() }

// Stop ends the kiosk's timers. The window stays as it is.
func (s *SelfService) Stop() {
	s.stopOnce.Do(func() {
		close(s.stop)
		s.idle.stop()
	})
}

// screens lists every screen, for translating and clearing them all.
func (s *SelfService) screens() []screen {
	return []screen{s.welcome, s.code, s.birth, s.name, s.walkIn, s.ticket, s.message}
}

// show puts sc on the kiosk; it waits for a touch for the idle timeout.
func (s *SelfService) show(sc screen) { s.showFor(sc, s.opt.IdleTimeout) }

// showFor puts sc on the kiosk and goes back to the start after d without a touch.
func (s *SelfService) showFor(sc screen, d time.Duration) {
	s.current = sc
	s.body.Objects = []fyne.CanvasObject{sc.content()}
	s.body.Refresh()
	if s.win != nil {
		// A focused widget would swallow a hand scanner's keystrokes.
		s.win.Canvas().Unfocus()
	}
	s.idle.arm(d, s.expire)
}

// poke records that the citizen did something.
func (s *SelfService) poke() { s.idle.poke() }

// setLanguage switches every screen to the language code.
func (s *SelfService) setLanguage(code string) {
	SetLanguage(code)
	s.lang = code
	for _, sc := range s.screens() {
		sc.translate()
	}
}

// expire runs when nobody touched the kiosk for the current screen's timeout.
func (s *SelfService) expire() {
	s.reset()
	if s.afterIdle != nil {
		s.afterIdle()
	}
}

// reset forgets the citizen: every screen is cleared, the language goes back to the
// default, and the welcome screen shows.
func (s *SelfService) reset() {
	s.forget()
	s.setLanguage(s.opt.Language)
	s.show(s.welcome)
}

// pollStatus refreshes the status corner every few seconds until Stop. The label is touched
// only when the text changes: a repaint every five seconds would be wasted, and Fyne's test
// driver runs fyne.Do on this goroutine, where it would race with a test's screenshot.
func (s *SelfService) pollStatus(shown string) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			text := SyncStatusText(s.opt.Status.SyncState())
			if text == shown {
				continue
			}
			shown = text
			onUI(func() { s.status.SetText(text) })
		}
	}
}
