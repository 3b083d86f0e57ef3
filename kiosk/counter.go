package kiosk

import (
	"errors"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
)

// CounterDesk is what the counter screens need from the front desk. *booking.Desk satisfies it.
type CounterDesk interface {
	Services() ([]booking.Service, error)
	Line(services []string) ([]booking.Place, error)
	AtCounter(counter string) (booking.Ticket, bool, error)
	// Booked is the citizen who booked a ticket issued at check-in; found is false for a walk-in.
	Booked(t booking.Ticket) (c booking.Citizen, found bool, err error)
	CallNext(counter string, services []string) (booking.Ticket, error)
	Recall(number string) (booking.Ticket, error)
	Start(number string) (booking.Ticket, error)
	NoShow(number string) (booking.Ticket, error)
	Finish(number string) (booking.Ticket, error)
	Transfer(number, serviceID string) (booking.Ticket, error)
}

// CounterOptions configure the counter mode. Desk, CounterName and Staff are required.
type CounterOptions struct {
	Desk  CounterDesk
	Clock booking.Clock // nil: the wall clock

	// CounterName is what the board shows citizens: "3" in "A042 → Skranke 3".
	CounterName string
	// Staff maps each staff number (digits) to the hash of its PIN (staffpin.Hash); the
	// config checks the table with staffpin.CheckStaff.
	Staff map[string]string
	// Services are the IDs of the services this counter calls; empty calls every service.
	Services []string

	Language   string        // "da" (default) or "en"
	IdleLogout time.Duration // log out after this long untouched; 5 minutes if zero
	Refresh    time.Duration // how often the queue is read again; 3 s if zero
	KioskMode  bool          // full screen, and the window cannot be closed
	Status     SyncSource    // if set, the sync status shown beside who is logged in

	// Attempts keeps wrong PINs and lockouts per staff number (staffpin.Attempts gives
	// the rules); nil keeps them in memory only, and a restart forgets them.
	Attempts PINAttempts

	// Identify and issue MitID activation codes (identify.go). Without Reader, Issuer
	// and Audit the counter has no Identify action.
	Reader  IdentityReader
	Issuer  CodeIssuer
	Audit   AuditLog
	Printer printer.Printer // prints the activation letter; nil shows it on screen instead
	Centre  string          // the centre's name on the letter: "Borgerservice Odense"
}

// Counter is the counter mode: staff log in with a PIN and work through the queue.
type Counter struct {
	opt   CounterOptions
	win   fyne.Window
	staff staffList

	login    *login
	queue    *queueScreen
	transfer *transferScreen

	identify   *identifyScreen
	verdict    *verdictScreen
	activation *activationScreen
	spool      *printer.Spool // the activation letters; a failed one waits here, in memory
	preview    previewSlot    // the letter as the on-screen preview printer rendered it

	body    *fyne.Container
	themed  *container.ThemeOverride // c.body in the staff theme
	current screen
	root    fyne.CanvasObject
	idle    *idle

	staffID  string            // who is logged in; "" when no one is
	services []booking.Service // names and prefixes, read at login
	worker                     // desk calls, PIN checks and reads off the UI goroutine
	version  uint64            // bumped by every action; older queue reads are dropped
	reading  bool              // a queue read is under way

	stop      chan struct{}
	stopOnce  sync.Once
	ticking   chan struct{} // closed when tick has returned
	afterIdle func()        // test hook, called after an idle logout
}

// NewCounter builds the counter screens for w, starting at the login. Staff entries that
// staffpin.CheckStaff would refuse are left out (and logged by staff number): the config
// check refuses to start with them instead.
func NewCounter(a fyne.App, w fyne.Window, opt CounterOptions) *Counter {
	if opt.Clock == nil {
		opt.Clock = booking.SystemClock{}
	}
	opt.IdleLogout = or(opt.IdleLogout, 5*time.Minute)
	opt.Refresh = or(opt.Refresh, 3*time.Second)
	if !supported(opt.Language) {
		opt.Language = Languages[0]
	}
	if a != nil {
		a.Settings().SetTheme(Theme{})
	}
	staff, refused := newStaffList(opt.Staff)
	for _, id := range refused {
		slog.Error("counter: staff entry refused: bad staff number or PIN hash", "staff", id)
	}
	c := &Counter{opt: opt, win: w, staff: staff, stop: make(chan struct{}), ticking: make(chan struct{})}
	c.login = newLogin(c)
	c.queue = newQueueScreen(c)
	c.transfer = newTransferScreen(c)
	var letters printer.Printer = printer.PreviewPrinter{Last: c.preview.keep}
	if opt.Printer != nil {
		letters = opt.Printer
	}
	c.spool = printer.NewSpool(letters, opt.Clock.Now)
	c.identify = newIdentifyScreen(c)
	c.verdict = newVerdictScreen(c)
	c.activation = newActivationScreen(c)
	c.body = container.NewStack()
	c.idle = newIdle(c.poke)
	c.themed = container.NewThemeOverride(c.body, staffTheme{})
	c.root = container.NewStack(c.themed, c.idle)
	SetLanguage(opt.Language)
	for _, sc := range c.screens() {
		sc.translate()
	}
	c.show(c.login)
	if w != nil && opt.KioskMode {
		w.SetFullScreen(true)
		w.SetCloseIntercept(func() { slog.Info("counter: request to close the window ignored") })
	}
	go c.tick()
	return c
}

func or(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Content is the counter's whole user interface.
func (c *Counter) Content() fyne.CanvasObject { return c.root }

// Wait blocks until work started off the UI goroutine (desk calls, PIN checks) is done.
func (c *Counter) Wait() { c.pending.Wait() }

// Stop ends the counter's timers and its refresh, and waits for the refresh to end.
// The window stays as it is. Call it on the UI goroutine.
func (c *Counter) Stop() {
	c.stopOnce.Do(func() {
		close(c.stop)
		c.idle.stop()
	})
	<-c.ticking
}

func (c *Counter) screens() []screen {
	return []screen{c.login, c.queue, c.transfer, c.identify, c.verdict, c.activation}
}

// button makes a button whose tap counts as activity.
func (c *Counter) button(importance widget.Importance, tapped func()) *widget.Button {
	return &widget.Button{Importance: importance, OnTapped: func() {
		c.poke()
		tapped()
	}}
}

func (c *Counter) poke() { c.idle.poke() }

// show puts sc on the counter; after IdleLogout without a touch, staff are logged out.
func (c *Counter) show(sc screen) {
	c.current = sc
	c.body.Objects = []fyne.CanvasObject{sc.content()}
	// Through the override, so that a screen shown for the first time gets the staff
	// theme too: it sizes and draws its texts with the same sizes and paddings.
	c.themed.Refresh()
	c.idle.arm(c.opt.IdleLogout, c.expire)
}

func (c *Counter) expire() {
	if c.staffID != "" {
		slog.Info("counter: logged out after idle", "counter", c.opt.CounterName)
	}
	c.logout()
	if c.afterIdle != nil {
		c.afterIdle()
	}
}

// loggedIn starts a staff member's session on the queue screen.
func (c *Counter) loggedIn(id string, services []booking.Service) {
	c.staffID, c.services = id, services
	slog.Info("counter: logged in", "counter", c.opt.CounterName, "staff", id)
	c.queue.begin()
	c.show(c.queue)
	c.refresh()
}

// logout ends the session and forgets what the screens showed.
func (c *Counter) logout() {
	c.worker.reset()
	c.reading = false
	c.staffID = ""
	for _, sc := range c.screens() {
		sc.clear()
	}
	c.show(c.login)
}

// do runs an action: worker.do, and any queue read begun before it is dropped.
func (c *Counter) do(work func() func()) {
	if !c.busy {
		c.version++ // before the work starts: its result may come back at once
	}
	c.worker.do(work)
}

// tick reads the queue every Refresh, and at once when the desk's feed tells of a change
// or of the desk going away, until Stop.
func (c *Counter) tick() {
	defer close(c.ticking)
	t := time.NewTicker(c.opt.Refresh)
	defer t.Stop()
	news, cancel := follow(c.opt.Desk)
	defer cancel()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		case _, ok := <-news:
			if !ok || !drain(news) {
				news = nil
			}
		}
		onUI(c.refresh)
	}
}

// refresh reads the line and this counter's ticket off the UI goroutine and shows them,
// unless an action came in between (its own refresh follows) or staff logged out.
func (c *Counter) refresh() {
	if c.staffID == "" || c.reading {
		return
	}
	c.reading = true
	version := c.version
	c.spawn(func() func() {
		line, lerr := c.opt.Desk.Line(c.opt.Services)
		cur, found, cerr := c.opt.Desk.AtCounter(c.opt.CounterName)
		var booked booking.Citizen
		var hasBooked bool
		var status string
		if c.opt.Status != nil {
			status = SyncStatusText(c.opt.Status.SyncState())
		}
		if cerr == nil && found {
			booked, hasBooked, cerr = c.opt.Desk.Booked(cur)
		}
		return func() {
			c.reading = false
			c.queue.sync.SetText(status)
			if version != c.version {
				c.refresh()
				return
			}
			if err := errors.Join(lerr, cerr); err != nil {
				slog.Error("counter: read the queue", "err", err)
				c.queue.failed(err)
				return
			}
			c.queue.set(line, cur, found, booked, hasBooked)
		}
	})
}

// service returns the service with id as read at login, or one named by its id.
func (c *Counter) service(id string) booking.Service {
	for _, s := range c.services {
		if s.ID == id {
			return s
		}
	}
	return booking.Service{ID: id, NameDA: id}
}

// canIdentify reports whether the counter was given what identifying a citizen needs.
func (c *Counter) canIdentify() bool {
	return c.opt.Reader != nil && c.opt.Issuer != nil && c.opt.Audit != nil
}

// endIdentify forgets the citizen's document, verdict and any unprinted code, and goes
// back to the queue with note.
func (c *Counter) endIdentify(note string) {
	c.activation.clear()
	c.verdict.clear()
	c.identify.clear()
	c.show(c.queue)
	c.queue.message.Importance = widget.MediumImportance
	c.queue.message.SetText(note)
	c.refresh()
}
