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
)

// login is where staff type their staff number, then their PIN, on a keypad. After
// MaxTries wrong PINs in a row the keypad locks for Lockout, whoever tries: a guesser
// cannot move on to another staff number. The PIN lives in a byte slice that is wiped
// once checked; it is never logged or kept.
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

	id     string
	pin    []byte
	onPIN  bool // typing the PIN, not the staff number
	tries  int  // wrong PINs since the last login or lockout
	locked time.Time
	timer  *time.Timer // ends the lockout on screen
}

func newLogin(c *Counter) *login {
	field := func() *canvas.Text {
		return &canvas.Text{Color: navy, TextSize: 56, TextStyle: fyne.TextStyle{Monospace: true, Bold: true}}
	}
	l := &login{c: c, title: heading(), hint: text(), problem: text(),
		idLabel: &widget.Label{}, pinLabel: &widget.Label{},
		keys: map[string]*widget.Button{}, idText: field(), pinText: field()}
	l.problem.Importance = widget.DangerImportance
	pad := newKeypad(c, l.keys, l.press)
	// Landscape: what is typed on the left, the keypad on the right.
	fields := container.New(layout.NewFormLayout(), l.idLabel, l.idText, l.pinLabel, l.pinText)
	left := container.NewVBox(layout.NewSpacer(), l.title, l.hint, container.NewCenter(fields), l.problem, layout.NewSpacer())
	l.box = container.New(shareRow{}, left, container.New(bounded{fyne.NewSize(640, 640)}, pad))
	l.clear()
	return l
}

func (l *login) press(key string) {
	if l.c.opt.Clock.Now().Before(l.locked) {
		return
	}
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
		case l.onPIN && len(l.pin) >= MinPINLength:
			l.submit()
			return
		}
	default:
		switch {
		case l.onPIN && len(l.pin) < MaxPINLength:
			l.pin = append(l.pin, key[0])
		case !l.onPIN && len(l.id) < maxStaffIDLength:
			l.id += key
		}
	}
	l.setProblem("")
	l.update()
}

// submit checks the PIN off the UI goroutine: PBKDF2 takes a noticeable moment.
func (l *login) submit() {
	id, pin := l.id, append([]byte(nil), l.pin...)
	l.wipe()
	l.update()
	c := l.c
	c.do(func() func() {
		ok := c.staff.verify(id, pin)
		clear(pin)
		if !ok {
			return l.wrong
		}
		services, err := c.opt.Desk.Services()
		if err != nil {
			slog.Error("counter: list services", "err", err)
		}
		return func() {
			l.tries = 0
			l.clear()
			c.loggedIn(id, services)
		}
	})
}

// wrong counts a wrong staff number or PIN (the screen never says which) and locks the
// keypad after MaxTries in a row.
func (l *login) wrong() {
	l.tries++
	l.id, l.onPIN = "", false
	slog.Warn("counter: wrong staff number or PIN", "counter", l.c.opt.CounterName, "try", l.tries)
	if l.tries >= l.c.opt.MaxTries {
		l.tries = 0
		l.locked = l.c.opt.Clock.Now().Add(l.c.opt.Lockout)
		slog.Warn("counter: keypad locked", "counter", l.c.opt.CounterName, "for", l.c.opt.Lockout)
		l.stopTimer()
		l.timer = time.AfterFunc(l.c.opt.Lockout, func() { fyne.Do(l.unlock) })
		l.update()
		return
	}
	left := l.c.opt.MaxTries - l.tries
	l.setProblem(lang.L("Wrong staff number or PIN.") + " " +
		lang.N("{{.Count}} tries left", left, map[string]any{"Count": left}))
	l.update()
}

// unlock ends the lockout if its time has come; else it waits for the rest.
func (l *login) unlock() {
	if left := l.locked.Sub(l.c.opt.Clock.Now()); left > 0 {
		l.stopTimer()
		l.timer = time.AfterFunc(left, func() { fyne.Do(l.unlock) })
		return
	}
	l.locked = time.Time{}
	l.setProblem("")
	l.update()
}

func (l *login) stopTimer() {
	if l.timer != nil {
		l.timer.Stop()
	}
}

// lockedOut reports whether the keypad is locked now.
func (l *login) lockedOut() bool { return !l.locked.IsZero() }

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
	if l.lockedOut() {
		l.setProblem(lang.L("Too many wrong tries. The keypad opens again at {{.Time}}.",
			map[string]any{"Time": l.locked.Format(time.TimeOnly)}))
	}
	for k, b := range l.keys {
		switch {
		case l.lockedOut():
			b.Disable()
		case k == keyOK && (l.onPIN && len(l.pin) < MinPINLength || !l.onPIN && l.id == ""):
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

// clear forgets what was typed; a lockout stays.
func (l *login) clear() {
	l.wipe()
	l.id, l.onPIN = "", false
	l.setProblem("")
	l.update()
}
