package kiosk

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestIdleClearsPersonalData fills every screen with a citizen's details, lets the idle
// timer run out, and checks that nothing of them is left on any screen.
func TestIdleClearsPersonalData(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.IdleTimeout = time.Hour; o.TicketTimeout = time.Hour })
	f.tap(f.s.welcome.languages["en"])
	f.checkInWithCode(codeDue) // the ticket screen
	f.on(f.s.ticket, "ticket")
	f.s.startAppointment()
	f.press(f.s.code.keys, "12345678")
	f.tap(f.s.code.keys[keyOK]) // a message
	f.on(f.s.message, "message")
	f.s.startAppointment()
	f.press(f.s.code.keys, "1234") // half a booking code
	f.tap(f.s.code.noCode)
	f.press(f.s.birth.keys, twinsBorn)
	f.tap(f.s.birth.keys[keyOK])
	f.on(f.s.name, "first name")
	f.press(f.s.name.keys, "FRE")
	test.TypeOnCanvas(f.w.Canvas(), "4711") // a scan under way

	for name, v := range map[string]string{
		"ticket number": f.s.ticket.number.Text, "service": f.s.ticket.service.Text,
		"message": f.s.message.title.Text, "code": f.s.code.digits, "birth date": f.s.birth.digits,
		"first name": f.s.name.display.Text,
	} {
		if v == "" {
			t.Fatalf("%s is empty before the timeout: the test proves nothing", name)
		}
	}

	expired := make(chan struct{})
	f.s.afterIdle = func() { close(expired) }
	f.s.idle.arm(20*time.Millisecond, f.s.expire)
	select {
	case <-expired:
	case <-time.After(5 * time.Second):
		t.Fatal("the idle timer did not expire")
	}

	f.on(f.s.welcome, "welcome")
	texts := map[string]string{
		"ticket number": f.s.ticket.number.Text, "ticket service": f.s.ticket.service.Text,
		"ticket area": f.s.ticket.area.Text, "ticket wait": f.s.ticket.wait.Text,
		"ticket printing": f.s.ticket.printing.Text,
		"message title":   f.s.message.title.Text, "message body": f.s.message.body.Text,
		"message action": f.s.message.action.Text,
		"code digits":    f.s.code.digits, "birth digits": f.s.birth.digits,
		"birth problem": f.s.birth.problem.Text, "typed name": f.s.name.typed,
		"name display": f.s.name.display.Text, "scanner buffer": string(f.s.scan),
	}
	for name, v := range texts {
		if v != "" {
			t.Errorf("%s still holds %q", name, v)
		}
	}
	if f.s.code.display.Text != "···· ····" || f.s.birth.display.Text != "··.··.··" {
		t.Errorf("displays hold %q and %q", f.s.code.display.Text, f.s.birth.display.Text)
	}
	if f.s.session != (session{}) {
		t.Errorf("session not cleared: %+v", f.s.session)
	}
	if got := f.s.welcome.booked.Text; got != "Jeg har en tid" {
		t.Errorf("language after idle: %q, want Danish", got)
	}
}

// TestTouchKeepsKioskAwake checks that activity pushes the deadline back.
func TestTouchKeepsKioskAwake(t *testing.T) {
	fired := make(chan struct{}, 1)
	i := newIdle(nil)
	defer i.stop()
	i.arm(200*time.Millisecond, func() { fired <- struct{}{} })
	stopPoking := time.After(500 * time.Millisecond)
poke:
	for {
		select {
		case <-fired:
			t.Fatal("expired while being touched")
		case <-stopPoking:
			break poke
		case <-time.After(20 * time.Millisecond):
			i.poke()
		}
	}
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("did not expire after the touching stopped")
	}
}

// TestTouchTargets checks that every button a citizen can tap is at least 80 px tall.
func TestTouchTargets(t *testing.T) {
	f := newFixture(t)
	f.w.Resize(fyne.NewSize(1080, 1920))
	check := func(sc screen, name string) {
		t.Helper()
		f.s.show(sc)
		f.w.Resize(fyne.NewSize(1080, 1920))
		seen := 0
		for _, o := range test.LaidOutObjects(f.w.Canvas().Content()) {
			if b, ok := o.(interface{ Tapped(*fyne.PointEvent) }); ok && o.Visible() && o.Size().Height > 0 {
				seen++
				if h := o.Size().Height; h < 80 {
					t.Errorf("%s: %T %v is %.0f px tall", name, b, o, h)
				}
			}
		}
		if seen < 3 {
			t.Errorf("%s: only %d buttons found", name, seen)
		}
		t.Logf("%s: %d buttons", name, seen)
	}
	check(f.s.welcome, "welcome")
	check(f.s.code, "booking code")
	check(f.s.birth, "birth date")
	check(f.s.name, "first name")
	f.tap(f.s.welcome.walkIn)
	check(f.s.walkIn, "walk-in")
}

// TestScreensFitKioskDisplays checks that no screen needs more room than a portrait
// 1080×1920 or a landscape 1280×1024 display has, in either language, so nothing is cut off.
func TestScreensFitKioskDisplays(t *testing.T) {
	for _, demo := range []bool{false, true} {
		for _, language := range Languages {
			// A subtest each, so that each fixture stops before the next starts: a kiosk
			// left running would repaint its status corner in the old language, on its own
			// goroutine under Fyne's test driver, while this one lays screens out.
			t.Run(fmt.Sprintf("%s demo %v", language, demo), func(t *testing.T) {
				f := newFixture(t, func(o *Options) {
					o.Demo, o.Language = demo, language
					o.Status = fixedSync{Pending: 120}
				})
				screens := map[string]screen{"welcome": f.s.welcome, "code": f.s.code, "birth date": f.s.birth,
					"first name": f.s.name}
				f.tap(f.s.welcome.walkIn)
				screens["walk-in"] = f.s.walkIn
				f.tap(f.s.walkIn.buttons["pas"])
				screens["ticket"] = f.s.ticket
				f.s.startAppointment()
				f.press(f.s.code.keys, codeLate)
				f.tap(f.s.code.keys[keyOK])
				screens["message"] = f.s.message
				for name, sc := range screens {
					f.s.show(sc)
					if sc == screen(f.s.ticket) {
						f.s.ticket.showReprint(true) // the widest it gets: a ticket waiting to print again
					}
					min := f.s.Content().MinSize()
					for _, size := range []fyne.Size{{Width: 1080, Height: 1920}, {Width: 1280, Height: 1024}} {
						if min.Width > size.Width || min.Height > size.Height {
							t.Errorf("%s (%s, demo %v) needs %v, more than %v", name, language, demo, min, size)
						}
					}
				}
			})
		}
	}
}

// TestMouseOverButtonsIsActivity checks that the overlay gets the pointer's movement over
// the buttons (a finger on a touch screen moves the pointer), and that taps still reach
// the buttons beneath it.
func TestMouseOverButtonsIsActivity(t *testing.T) {
	f := newFixture(t)
	deadline := func() time.Time {
		f.s.idle.mu.Lock()
		defer f.s.idle.mu.Unlock()
		return f.s.idle.deadline
	}
	f.s.idle.mu.Lock()
	f.s.idle.deadline = time.Now().Add(-time.Minute)
	f.s.idle.mu.Unlock()

	b := f.s.welcome.booked
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(b.Size().Width/2, b.Size().Height/2))
	test.MoveMouse(f.w.Canvas(), at)
	if !deadline().After(time.Now()) {
		t.Error("moving over a button did not count as activity")
	}
	test.TapCanvas(f.w.Canvas(), at)
	f.s.Wait()
	f.on(f.s.code, "booking code")
}
