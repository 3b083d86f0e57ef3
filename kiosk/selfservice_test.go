package kiosk

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
)

func TestCheckInByKeypad(t *testing.T) {
	f := newFixture(t)
	f.tap(f.s.welcome.booked)
	f.press(f.s.code.keys, codeDue[:5])
	if f.s.code.keys[keyOK].Disabled() == false {
		t.Error("OK is enabled with 5 of 8 digits")
	}
	f.press(f.s.code.keys, codeDue[5:]+"9") // a ninth digit is ignored
	if got, want := f.s.code.display.Text, booking.FormatBookingCode(codeDue); got != want {
		t.Errorf("display = %q, want %q", got, want)
	}
	f.tap(f.s.code.keys[keyOK])
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.number.Text; got != "A001" {
		t.Errorf("ticket number = %q, want A001", got)
	}
	if got := f.s.ticket.service.Text; got != "Pas og kørekort" {
		t.Errorf("service = %q", got)
	}
	if got := f.s.ticket.area.Text; !strings.Contains(got, "Venteområde A") {
		t.Errorf("area = %q", got)
	}
	if got := f.s.ticket.printing.Text; got != "Tag venligst din billet." {
		t.Errorf("printing = %q", got)
	}
	slips := f.printer.printed()
	if len(slips) != 1 {
		t.Fatalf("printed %d slips, want 1", len(slips))
	}
	if !hasLine(slips[0], func(l printer.Line) bool { return l.Text == "A001" && l.Size == printer.Huge }) {
		t.Error("slip has no huge ticket number")
	}
	if !hasLine(slips[0], func(l printer.Line) bool { return l.QR == "A001" }) {
		t.Error("slip has no QR code of the number")
	}
}

func TestDeleteKey(t *testing.T) {
	f := newFixture(t)
	f.tap(f.s.welcome.booked)
	f.press(f.s.code.keys, "123")
	f.tap(f.s.code.keys[keyDelete])
	if got := f.s.code.display.Text; got != "12·· ····" {
		t.Errorf("display = %q, want 12·· ····", got)
	}
}

func TestScannerOnWelcome(t *testing.T) {
	f := newFixture(t)
	f.on(f.s.welcome, "welcome")
	f.scan(booking.FormatBookingCode(codeDue))
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.number.Text; got != "A001" {
		t.Errorf("ticket number = %q, want A001", got)
	}
	// Scanning again gives the same ticket, and says so.
	f.scan(codeDue)
	if got := f.s.ticket.number.Text; got != "A001" {
		t.Errorf("second scan: ticket number = %q, want A001", got)
	}
	if f.s.ticket.again.Text == "" {
		t.Error("second scan does not say the citizen had checked in already")
	}
}

func TestScannerNoise(t *testing.T) {
	f := newFixture(t)
	f.scan("https://example.org/not-a-booking")
	f.on(f.s.message, "message")
	if got := f.s.message.title.Text; got != "Koden kunne ikke læses" {
		t.Errorf("title = %q", got)
	}
}

func TestBirthDateAndFirstName(t *testing.T) {
	f := newFixture(t)
	f.tap(f.s.welcome.booked)
	f.tap(f.s.code.noCode)
	f.on(f.s.birth, "birth date")
	f.press(f.s.birth.keys, twinsBorn)
	if got := f.s.birth.display.Text; got != "14.03.88" {
		t.Errorf("display = %q, want 14.03.88", got)
	}
	f.tap(f.s.birth.keys[keyOK])
	f.on(f.s.name, "first name")
	f.press(f.s.name.keys, "FREJA")
	if got := f.s.name.display.Text; got != "FREJA" {
		t.Errorf("name display = %q", got)
	}
	f.tap(f.s.name.keys[keyOK])
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.number.Text; got != "B001" {
		t.Errorf("Freja's ticket = %q, want B001 (MitID)", got)
	}
}

func TestBirthDateThatDoesNotExist(t *testing.T) {
	f := newFixture(t)
	f.tap(f.s.welcome.booked)
	f.tap(f.s.code.noCode)
	f.press(f.s.birth.keys, "310288")
	f.tap(f.s.birth.keys[keyOK])
	f.on(f.s.birth, "birth date")
	if f.s.birth.problem.Text == "" || f.s.birth.digits != "" {
		t.Errorf("problem %q, digits %q: want a problem and no digits", f.s.birth.problem.Text, f.s.birth.digits)
	}
}

func TestFirstNameThatDoesNotMatch(t *testing.T) {
	f := newFixture(t)
	f.tap(f.s.welcome.walkIn)
	f.tap(f.s.walkIn.back)
	f.tap(f.s.welcome.booked)
	f.tap(f.s.code.noCode)
	f.press(f.s.birth.keys, twinsBorn)
	f.tap(f.s.birth.keys[keyOK])
	f.press(f.s.name.keys, "ÅSE")
	f.tap(f.s.name.keys[keyOK])
	f.on(f.s.message, "message")
	if got := f.s.message.title.Text; got != "Vi kan ikke finde din tid i dag" {
		t.Errorf("title = %q", got)
	}
}

func TestWalkIn(t *testing.T) {
	f := newFixture(t)
	f.tap(f.s.welcome.walkIn)
	f.on(f.s.walkIn, "walk-in")
	if got := f.s.walkIn.buttons["pas"].Text; got != "Pas og kørekort" {
		t.Errorf("button = %q, want the Danish name", got)
	}
	f.tap(f.s.walkIn.buttons["mitid"])
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.number.Text; got != "B001" {
		t.Errorf("ticket = %q, want B001", got)
	}
	if got := f.s.ticket.wait.Text; got == "" {
		t.Error("no wait shown")
	}
}

func TestTooEarly(t *testing.T) {
	f := newFixture(t)
	f.checkInWithCode(codeEarly)
	f.on(f.s.message, "message")
	if got := f.s.message.title.Text; got != "Du er kommet for tidligt" {
		t.Errorf("title = %q", got)
	}
	if got := f.s.message.body.Text; !strings.Contains(got, "12:00") || !strings.Contains(got, "11:30") {
		t.Errorf("body = %q, want the start 12:00 and come back at 11:30", got)
	}
	if len(f.printer.printed()) != 0 {
		t.Error("printed a ticket")
	}
}

func TestTooLateOffersWalkInForTheService(t *testing.T) {
	f := newFixture(t)
	f.tap(f.s.welcome.booked)
	f.tap(f.s.code.noCode)
	f.press(f.s.birth.keys, lateBorn)
	f.tap(f.s.birth.keys[keyOK])
	f.on(f.s.message, "message")
	if got := f.s.message.action.Text; got != "Tag et nummer til MitID" {
		t.Errorf("action = %q", got)
	}
	f.tap(f.s.message.action)
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.number.Text; got != "B001" {
		t.Errorf("walk-in ticket = %q, want B001", got)
	}
}

func TestTooLateByCode(t *testing.T) {
	f := newFixture(t)
	f.checkInWithCode(codeLate)
	f.on(f.s.message, "message")
	if !strings.Contains(f.s.message.body.Text, "09:00") {
		t.Errorf("body = %q, want the start 09:00", f.s.message.body.Text)
	}
	// The booked service is known from the code, so one tap gives a walk-in ticket for it.
	f.tap(f.s.message.action)
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.number.Text; got != "B001" {
		t.Errorf("walk-in ticket = %q, want B001 (MitID)", got)
	}
}

func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, code, title string
	}{
		{"invalid", "12345678", "Det er ikke en bookingkode"},
		{"unknown", codeUnknown, "Vi kan ikke finde den booking"},
		{"cancelled", codeCancelled, "Denne tid er aflyst"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "invalid" && booking.ValidBookingCode(tc.code) {
				t.Fatalf("%s is a valid code", tc.code)
			}
			f := newFixture(t)
			f.checkInWithCode(tc.code)
			f.on(f.s.message, "message")
			if got := f.s.message.title.Text; got != tc.title {
				t.Errorf("title = %q, want %q", got, tc.title)
			}
			if !f.s.message.action.Visible() {
				t.Error("no way forward offered")
			}
		})
	}
}

func TestPrinterFailureStillShowsTicket(t *testing.T) {
	f := newFixture(t)
	f.printer.err = errors.New("usb: device gone")
	f.checkInWithCode(codeDue)
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.number.Text; got != "A001" {
		t.Errorf("ticket = %q", got)
	}
	if got := f.s.ticket.printing.Text; got != "Printeren virker ikke. Husk venligst dit nummer." {
		t.Errorf("printing = %q", got)
	}
}

// TestTicketPrintAgain: a ticket that did not print waits, in memory, until the citizen
// asks for it again, and prints then, once; a citizen who leaves takes no paper, and the
// ticket is never printed by itself later.
func TestTicketPrintAgain(t *testing.T) {
	f := newFixture(t)
	f.printer.mu.Lock()
	f.printer.err = fmt.Errorf("test: %w", printer.ErrPaperOut)
	f.printer.mu.Unlock()
	f.checkInWithCode(codeDue)
	f.on(f.s.ticket, "ticket")
	if !f.s.ticket.reprint.Visible() || len(f.s.spool.Failed()) != 1 {
		t.Fatalf("after paper out: reprint shown %v, %d jobs waiting", f.s.ticket.reprint.Visible(), len(f.s.spool.Failed()))
	}
	f.tap(f.s.ticket.reprint) // still no paper: it keeps waiting
	if len(f.printer.printed()) != 0 || !f.s.ticket.reprint.Visible() {
		t.Fatalf("printed %d with no paper", len(f.printer.printed()))
	}
	f.printer.mu.Lock()
	f.printer.err = nil // staff put paper in
	f.printer.mu.Unlock()
	f.tap(f.s.ticket.reprint)
	if got := f.printer.printed(); len(got) != 1 || f.s.ticket.reprint.Visible() || len(f.s.spool.Failed()) != 0 {
		t.Fatalf("after Print again: %d printed, reprint shown %v, %d waiting", len(got), f.s.ticket.reprint.Visible(), len(f.s.spool.Failed()))
	}
	if got := f.s.ticket.printing.Text; got != "Tag venligst din billet." {
		t.Errorf("printing = %q", got)
	}

	// Out of paper again, and the citizen goes: the waiting ticket goes with them.
	f.printer.mu.Lock()
	f.printer.err = fmt.Errorf("test: %w", printer.ErrPaperOut)
	f.printer.mu.Unlock()
	f.tap(f.s.ticket.done)
	f.tap(f.s.welcome.walkIn)
	f.tap(f.s.walkIn.buttons["pas"])
	if len(f.s.spool.Failed()) != 1 {
		t.Fatalf("%d jobs waiting after a second failure", len(f.s.spool.Failed()))
	}
	f.tap(f.s.ticket.done)
	if n := len(f.s.spool.Failed()); n != 0 || f.s.ticket.reprint.Visible() {
		t.Errorf("after the citizen left: %d jobs waiting, reprint shown %v", n, f.s.ticket.reprint.Visible())
	}
}

func TestLanguageSwitch(t *testing.T) {
	f := newFixture(t)
	if got := f.s.welcome.booked.Text; got != "Jeg har en tid" {
		t.Errorf("Danish: %q", got)
	}
	f.tap(f.s.welcome.languages["en"])
	if got := f.s.welcome.booked.Text; got != "I have an appointment" {
		t.Errorf("English: %q", got)
	}
	f.tap(f.s.welcome.walkIn)
	if got := f.s.walkIn.buttons["pas"].Text; got != "Passport and driving licence" {
		t.Errorf("service in English: %q", got)
	}
	f.tap(f.s.walkIn.back)
	if got := f.s.code.keys[keyDelete].Text; got != "Delete" {
		t.Errorf("Delete key: %q", got)
	}
	f.tap(f.s.welcome.languages["da"])
	if got := f.s.welcome.walkIn.Text; got != "Jeg har ikke en tid" {
		t.Errorf("back to Danish: %q", got)
	}
}

func TestDoneGoesBackToDanish(t *testing.T) {
	f := newFixture(t)
	f.tap(f.s.welcome.languages["en"])
	f.checkInWithCode(codeDue)
	f.tap(f.s.ticket.done)
	f.on(f.s.welcome, "welcome")
	if got := f.s.welcome.booked.Text; got != "Jeg har en tid" {
		t.Errorf("after Done: %q, want Danish for the next citizen", got)
	}
}

func hasLine(s printer.Slip, ok func(printer.Line) bool) bool {
	for _, l := range s.Lines {
		if ok(l) {
			return true
		}
	}
	return false
}

func TestStrayKeyBeforeScan(t *testing.T) {
	f := newFixture(t)
	f.s.typedRune('x')
	f.s.lastKey = f.s.lastKey.Add(-2 * scanGap) // the citizen walked up a while later
	f.scan(codeDue)
	f.on(f.s.ticket, "ticket")
}

func TestTicketGoesBackToStart(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.TicketTimeout = 30 * time.Millisecond })
	back := make(chan struct{})
	f.s.afterIdle = func() { close(back) }
	// Nothing of the kiosk may be read from here until the timer has fired: the timer's
	// goroutine runs the reset (the test driver's fyne.Do runs at once).
	f.checkInWithCode(codeDue)
	select {
	case <-back:
	case <-time.After(5 * time.Second):
		t.Fatal("the ticket stayed on screen")
	}
	if len(f.printer.printed()) != 1 {
		t.Error("no ticket was issued")
	}
	f.on(f.s.welcome, "welcome")
	if f.s.ticket.number.Text != "" {
		t.Errorf("ticket number %q left behind", f.s.ticket.number.Text)
	}
}

func TestStatusCorner(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.Status = fixedSync{Online: false, Pending: 2} })
	if got := f.s.status.Text; !strings.HasPrefix(got, "offline") || !strings.Contains(got, "2") {
		t.Errorf("status = %q", got)
	}
}

// BenchmarkTapToTicket measures the time from the tap on a service to its ticket on
// screen: the desk call, one bbolt transaction with its fsync, and the screen update.
func BenchmarkTapToTicket(b *testing.B) {
	f := newFixture(b)
	f.tap(f.s.welcome.walkIn)
	for b.Loop() {
		test.Tap(f.s.walkIn.buttons["pas"])
		f.s.Wait()
		if f.s.current != f.s.ticket {
			b.Fatal("no ticket")
		}
	}
}

func TestScanConfirmationQRCode(t *testing.T) {
	for name, payload := range map[string]string{
		"QR code":                    booking.ScanPrefix + codeDue + ";v=1",
		"QR code, Danish key layout": "BSK1Æ" + codeDue + "æv=1",
		"Code 128 with AIM prefix":   "]C0" + codeDue,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.scan(payload)
			f.on(f.s.ticket, "ticket")
			if got := f.s.ticket.number.Text; got != "A001" {
				t.Errorf("ticket = %q", got)
			}
		})
	}
}

// fixedSync is a sync source that always says the same.
type fixedSync SyncState

func (f fixedSync) SyncState() SyncState { return SyncState(f) }
