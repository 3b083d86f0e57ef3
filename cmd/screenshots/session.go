package main

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// session drives one kiosk through the public user interface: it finds buttons by their
// label, as a citizen or a member of staff does, and taps them.
type session struct {
	w  fyne.Window
	ui waiter
}

// waiter is a kiosk whose taps start work off the UI goroutine: *kiosk.SelfService and
// *kiosk.Counter.
type waiter interface{ Wait() }

// step is one thing a citizen does.
type step func() error

// do runs steps in order until one fails.
func (s *session) do(steps ...step) error {
	for _, st := range steps {
		if err := st(); err != nil {
			return err
		}
	}
	return nil
}

// tap taps the visible button labelled with the translation of label.
func (s *session) tap(label string) step {
	return func() error {
		text := lang.L(label)
		for _, o := range test.LaidOutObjects(s.w.Canvas().Content()) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() && !b.Disabled() {
				test.Tap(b)
				s.ui.Wait()
				return nil
			}
		}
		return fmt.Errorf("no button %q on screen", text)
	}
}

// keys taps the on-screen keys named by the characters of chars.
func (s *session) keys(chars string) step {
	return func() error {
		for _, r := range chars {
			if err := s.tap(string(r))(); err != nil {
				return err
			}
		}
		return nil
	}
}

// scan types code on the canvas as a hand scanner does, then Enter.
func (s *session) scan(code string) step {
	return func() error {
		test.TypeOnCanvas(s.w.Canvas(), code)
		s.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		s.ui.Wait()
		return nil
	}
}

// typeInto types text into the visible entry whose placeholder is the translation of
// placeholder.
func (s *session) typeInto(placeholder, text string) step {
	return func() error {
		hint := lang.L(placeholder)
		for _, o := range test.LaidOutObjects(s.w.Canvas().Content()) {
			if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == hint && e.Visible() {
				e.SetText(text)
				s.ui.Wait()
				return nil
			}
		}
		return fmt.Errorf("no entry %q on screen", hint)
	}
}

// check ticks the visible check box labelled with the translation of label.
func (s *session) check(label string) step {
	return func() error {
		text := lang.L(label)
		for _, o := range test.LaidOutObjects(s.w.Canvas().Content()) {
			if c, ok := o.(*widget.Check); ok && c.Text == text && c.Visible() {
				c.SetChecked(true)
				return nil
			}
		}
		return fmt.Errorf("no check box %q on screen", text)
	}
}
