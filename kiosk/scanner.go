package kiosk

import (
	"time"

	"fyne.io/fyne/v2"
)

// maxScan bounds what a hand scanner may type before Enter; a QR code of a booking holds
// far less, and anything longer is not one.
const maxScan = 512

// scanGap is the longest pause between two runes of one scan. Scanners type a code in
// a few milliseconds per character; a longer pause means a stray keystroke came before,
// which must not spoil the next scan.
const scanGap = time.Second

// ListenForScanner lets a hand scanner check a citizen in. Such a scanner types what it
// read like a keyboard and ends with Enter; the canvas receives the keystrokes when no
// widget has the focus, which show ensures. New calls it for the kiosk's window.
func (s *SelfService) ListenForScanner(c fyne.Canvas) {
	c.SetOnTypedRune(s.typedRune)
	c.SetOnTypedKey(s.typedKey)
}

func (s *SelfService) typedRune(r rune) {
	s.poke()
	now := time.Now()
	if now.Sub(s.lastKey) > scanGap {
		s.scan = s.scan[:0]
	}
	s.lastKey = now
	if len(s.scan) < maxScan {
		s.scan = append(s.scan, r)
	}
}

func (s *SelfService) typedKey(ev *fyne.KeyEvent) {
	s.poke()
	if ev.Name != fyne.KeyReturn && ev.Name != fyne.KeyEnter {
		return
	}
	code := string(s.scan)
	s.scan = s.scan[:0]
	if code == "" || s.busy {
		return
	}
	s.checkIn(code)
}
