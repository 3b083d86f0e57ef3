package kiosk

import (
	"log/slog"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
)

// login is where staff type their staff number, then their PIN, on a keypad. Wrong PINs
// lock the staff number typed, for longer each time (staffpin.Attempts), whether or not
// it exists, so that the screen never tells which staff numbers do. A locked staff
// number's PIN is not even checked. The PIN lives in a byte slice that is wiped once
// checked; it is never logged or kept.
type login struct {
	c        *Counter
	title    *widget.Label
	hint     *widget.Label
	idLabel  *widget.Label
	pinLabel *widget.Label
	idText   *canvas.Text // the staff number typed
	pinText  *canvas.Text // one dot per PIN digit typed
	problem  *widget.Label
	keys     map[string]*widget.Button
	box      fyne.CanvasObject

	id    string
	pin   []byte
	onPIN bool // typing the PIN, not the staff number

	saved   PINAttempts     // configured staff numbers: CounterOptions.Attempts
	unknown *memoryAttempts // staff numbers no one has: never written to disk
}

func newLogin(c *Counter) *login {
	field := func() *canvas.Text {
		return &canvas.Text{Color: navy, TextSize: 56, TextStyle: fyne.TextStyle{Monospace: true, Bold: true}}
	}
	l := &login{c: c, title: heading(), hint: text(), problem: text(),
		idLabel: &widget.Label{}, pinLabel: &widget.Label{},
		keys: map[string]*widget.Button{}, idText: field(), pinText: field()}
	l.problem.Importance = widget.DangerImportance
	l.saved, l.unknown = c.opt.Attempts, &memoryAttempts{}
	if l.saved == nil {
		l.saved = &memoryAttempts{}
	}
	pad := newKeypad(c, l.keys, l.press)
	// Landscape: what is typed on the left, the keypad on the right.
	fields := container.New(layout.NewFormLayout(), l.idLabel, l.idText, l.pinLabel, l.pinText)
	left := container.NewVBox(layout.NewSpacer(), l.title, l.hint, container.NewCenter(fields), l.problem, layout.NewSpacer())
	l.box = container.New(shareRow{}, left, container.New(bounded{fyne.NewSize(640, 640)}, pad))
	l.clear()
	return l
}

func (l *login) press(key string) {
	switch key {
	case keyDelete:
		switch {
		case l.onPIN && len(l.pin) > 0:
			l.pin[len(l.pin)-1] = 0
			l.pin = l.pin[:len(l.pin)-1]
		case l.onPIN:
			l.onPIN = false // back to the staff number
		case l.id != "":
			l.id = l.id[:len(l.id)-1]
		}
	case keyOK:
		switch {
		case !l.onPIN && l.id != "":
			l.onPIN = true
		case l.onPIN && len(l.pin) >= staffpin.MinLength:
			l.submit()
			return
		}
	default:
		switch {
		case l.onPIN && len(l.pin) < staffpin.MaxLength:
			l.pin = append(l.pin, key[0])
		case !l.onPIN && len(l.id) < staffpin.MaxStaffNumberLength:
			l.id += key
		}
	}
	l.setProblem("")
	l.update()
}

// submit checks the PIN off the UI goroutine: PBKDF2 takes a noticeable moment, and the
// staff number's attempts are read and written in the database.
func (l *login) submit() {
	id, pin := l.id, append([]byte(nil), l.pin...)
	l.wipe()
	l.update()
	c := l.c
	c.do(func() func() {
		defer clear(pin)
		store := l.store(id)
		a := loadAttempts(store)
		if locked, left := a.Locked(c.opt.Clock.Now()); locked {
			return func() { l.refused(left) }
		}
		if !c.staff.verify(id, pin) {
			a = a.Failed(c.opt.Clock.Now())
			if err := store.save(a); err != nil {
				slog.Error("counter: keep wrong PIN count", "counter", c.opt.CounterName, "err", err)
			}
			return func() { l.wrong(a) }
		}
		if a.Failures > 0 {
			if err := store.save(staffpin.Attempts{}); err != nil {
				slog.Error("counter: clear wrong PIN count", "counter", c.opt.CounterName, "err", err)
			}
		}
		services, err := c.opt.Desk.Services()
		if err != nil {
			slog.Error("counter: list services", "err", err)
		}
		return func() {
			l.clear()
			c.loggedIn(id, services)
		}
	})
}

// staffAttempts is one staff number's entry in a PINAttempts.
type staffAttempts struct {
	PINAttempts
	id string
}

// store picks where id's attempts are kept: only a configured staff number is persisted.
func (l *login) store(id string) staffAttempts {
	if l.c.staff.known(id) {
		return staffAttempts{l.saved, id}
	}
	return staffAttempts{l.unknown, id}
}

// loadAttempts reads the staff number's attempts. One that cannot be read counts as
// none: a damaged entry must not lock a member of staff out for good, and the next
// wrong PIN writes it anew.
func loadAttempts(s staffAttempts) staffpin.Attempts {
	n, until, err := s.PINLock(s.id)
	if err != nil {
		slog.Error("counter: read wrong PIN count", "err", err)
		return staffpin.Attempts{}
	}
	return staffpin.Attempts{Failures: n, LockedUntil: until}
}

func (s staffAttempts) save(a staffpin.Attempts) error {
	return s.SetPINLock(s.id, a.Failures, a.LockedUntil)
}

// wrong tells of a wrong staff number or PIN (the screen never says which): how many
// tries are left, or how long the staff number is now locked.
func (l *login) wrong(a staffpin.Attempts) {
	l.id, l.onPIN = "", false
	slog.Warn("counter: wrong staff number or PIN", "counter", l.c.opt.CounterName, "failures", a.Failures)
	if locked, left := a.Locked(l.c.opt.Clock.Now()); locked {
		slog.Warn("counter: staff number locked", "counter", l.c.opt.CounterName, "for", left)
		l.refused(left)
		return
	}
	left := a.TriesLeft()
	l.setProblem(lang.L("Wrong staff number or PIN.") + " " +
		lang.N("{{.Count}} tries left", left, map[string]any{"Count": left}))
	l.update()
}

// refused says that the staff number typed is locked, and for how long.
func (l *login) refused(left time.Duration) {
	l.id, l.onPIN = "", false
	l.setProblem(lang.L("Too many wrong tries for this staff number.") + " " + tryAgainIn(left))
	l.update()
}

// tryAgainIn says how long a lockout has left, rounded up: seconds under a minute, else
// minutes.
func tryAgainIn(left time.Duration) string {
	if left < time.Minute {
		n := int((left + time.Second - 1) / time.Second)
		return lang.N("Try again in {{.Count}} seconds.", n, map[string]any{"Count": n})
	}
	n := int((left + time.Minute - 1) / time.Minute)
	return lang.N("Try again in {{.Count}} minutes.", n, map[string]any{"Count": n})
}

func (l *login) update() {
	// The field being typed is navy, the other grey; an empty one shows a placeholder.
	l.idText.Text, l.idText.Color = l.id, greyText
	l.pinText.Text, l.pinText.Color = strings.Repeat("●", len(l.pin)), greyText
	active := l.idText
	if l.onPIN {
		active = l.pinText
	}
	active.Color = navy
	for _, t := range []*canvas.Text{l.idText, l.pinText} {
		if t.Text == "" {
			t.Text = " " // keeps the line's height
		}
	}
	if active.Text == " " {
		active.Text = string(placeholder)
	}
	l.idText.Refresh()
	l.pinText.Refresh()
	if l.onPIN {
		l.hint.SetText(lang.L("Type your PIN"))
	} else {
		l.hint.SetText(lang.L("Type your staff number"))
	}
	for k, b := range l.keys {
		switch {
		case k == keyOK && (l.onPIN && len(l.pin) < staffpin.MinLength || !l.onPIN && l.id == ""):
			b.Disable()
		default:
			b.Enable()
		}
	}
}

func (l *login) setProblem(text string) {
	l.problem.SetText(text)
	if text == "" {
		l.problem.Hide()
	} else {
		l.problem.Show()
	}
}

// wipe overwrites the PIN typed so far.
func (l *login) wipe() {
	clear(l.pin)
	l.pin = l.pin[:0]
}

func (l *login) content() fyne.CanvasObject { return l.box }

func (l *login) translate() {
	l.title.SetText(lang.L("Counter {{.Name}}", map[string]any{"Name": l.c.opt.CounterName}))
	l.idLabel.SetText(lang.L("Staff number"))
	l.pinLabel.SetText(lang.L("PIN"))
	translateKeys(l.keys)
	l.update()
}

// clear forgets what was typed; lockouts stay.
func (l *login) clear() {
	l.wipe()
	l.id, l.onPIN = "", false
	l.setProblem("")
	l.update()
}
