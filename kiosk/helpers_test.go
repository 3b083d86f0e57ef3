package kiosk

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/storage/storagetest"
)

// now is the fixed time of every test: a Wednesday morning in Copenhagen.
var now = time.Date(2026, time.November, 25, 10, 0, 0, 0, mustLocation("Europe/Copenhagen"))

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}

var testServices = []booking.Service{
	{ID: "pas", NameDA: "Pas og kørekort", NameEN: "Passport and driving licence", Prefix: "A", Duration: 12 * time.Minute, Area: "Venteområde A"},
	{ID: "mitid", NameDA: "MitID", NameEN: "MitID", Prefix: "B", Duration: 15 * time.Minute, Area: "Venteområde B"},
}

// The booking codes of the test day, each with its case.
var (
	codeDue       = booking.MakeBookingCode(1001) // starts now
	codeEarly     = booking.MakeBookingCode(1002) // starts at 12:00: come back at 11:30
	codeLate      = booking.MakeBookingCode(1003) // started at 09:00
	codeCancelled = booking.MakeBookingCode(1004)
	codeUnknown   = booking.MakeBookingCode(9999)
)

// The birth dates of the test day.
var (
	twinsBorn = "140388" // Mikkel and Freja, both due now
	lateBorn  = "010170" // Ole, whose MitID appointment started at 09:00
)

func testAppointments() []booking.Appointment {
	at := func(h, m int) time.Time { return time.Date(2026, time.November, 25, h, m, 0, 0, now.Location()) }
	citizen := func(given string, y int, m time.Month, d int) booking.Citizen {
		return booking.Citizen{GivenNames: given, Surname: "Testesen", BirthDate: booking.Date{Year: y, Month: m, Day: d}}
	}
	return []booking.Appointment{
		{ID: "a1", Code: codeDue, ServiceID: "pas", Start: at(10, 0), Duration: 12 * time.Minute, Citizen: citizen("Anna Sofie", 1985, time.March, 24)},
		{ID: "a2", Code: codeEarly, ServiceID: "pas", Start: at(12, 0), Duration: 12 * time.Minute, Citizen: citizen("Lars", 1990, time.May, 2)},
		{ID: "a3", Code: codeLate, ServiceID: "mitid", Start: at(9, 0), Duration: 15 * time.Minute, Citizen: citizen("Karen", 1960, time.June, 6)},
		{ID: "a4", Code: codeCancelled, ServiceID: "pas", Start: at(10, 5), Duration: 12 * time.Minute, Citizen: citizen("Bo", 1975, time.July, 7), Cancelled: true},
		{ID: "a5", Code: booking.MakeBookingCode(1005), ServiceID: "pas", Start: at(10, 5), Duration: 12 * time.Minute, Citizen: citizen("Mikkel", 1988, time.March, 14)},
		{ID: "a6", Code: booking.MakeBookingCode(1006), ServiceID: "mitid", Start: at(10, 10), Duration: 15 * time.Minute, Citizen: citizen("Freja", 1988, time.March, 14)},
		{ID: "a7", Code: booking.MakeBookingCode(1007), ServiceID: "mitid", Start: at(9, 0), Duration: 15 * time.Minute, Citizen: citizen("Ole", 1970, time.January, 1)},
	}
}

// fakePrinter keeps what it was asked to print, and fails if told to.
type fakePrinter struct {
	mu    sync.Mutex
	slips []printer.Slip
	err   error
}

func (p *fakePrinter) Print(_ context.Context, s printer.Slip) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	// A copy, as a real printer takes the bytes: the spool wipes its own slip once printed.
	p.slips = append(p.slips, printer.Slip{Lines: append([]printer.Line(nil), s.Lines...)})
	return nil
}

func (p *fakePrinter) printed() []printer.Slip {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]printer.Slip(nil), p.slips...)
}

// fixture is a self-service kiosk on Fyne's test driver, over a real database holding
// the test day, with a fixed clock and a fake printer.
type fixture struct {
	t       testing.TB
	s       *SelfService
	w       fyne.Window
	printer *fakePrinter
}

func newFixture(t testing.TB, edit ...func(*Options)) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	db := storagetest.Open(t)
	if err := db.ReplaceDay(booking.DayOf(now), testServices, testAppointments()); err != nil {
		t.Fatal(err)
	}
	p := &fakePrinter{}
	opt := Options{
		Desk:    booking.NewDesk(db, booking.ClockFunc(func() time.Time { return now }), booking.DefaultRules()),
		Printer: p,
		Clock:   booking.ClockFunc(func() time.Time { return now }),
	}
	for _, e := range edit {
		e(&opt)
	}
	w := test.NewWindow(nil)
	s := New(a, w, opt)
	s.Show()
	w.Resize(fyne.NewSize(1080, 1920))
	f := &fixture{t: t, s: s, w: w, printer: p}
	t.Cleanup(func() {
		s.Stop()
		s.pending.Wait()
		w.Close()
		SetLanguage("da")
	})
	return f
}

// tap taps b and waits for the work it started.
func (f *fixture) tap(b *widget.Button) {
	f.t.Helper()
	tapAndWait(f.t, b, f.s.pending.Wait)
}

// tapAndWait taps an enabled button and then waits for the screen's work to finish.
func tapAndWait(t testing.TB, b *widget.Button, wait func()) {
	t.Helper()
	if b == nil {
		t.Fatal("tap: no such button")
	}
	if b.Disabled() {
		t.Fatalf("tap: button %q is disabled", b.Text)
	}
	test.Tap(b)
	wait()
}

// press taps each key of keys named by the runes of s.
func (f *fixture) press(keys map[string]*widget.Button, s string) {
	f.t.Helper()
	for _, r := range s {
		f.tap(keys[string(r)])
	}
}

// scan types s on the canvas as a hand scanner does, then Enter.
func (f *fixture) scan(s string) {
	test.TypeOnCanvas(f.w.Canvas(), s)
	f.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.s.pending.Wait()
}

// on fails the test unless sc is on screen.
func (f *fixture) on(sc screen, name string) {
	f.t.Helper()
	if f.s.current != sc {
		f.t.Fatalf("screen is %T, want the %s screen (message %q: %q)", f.s.current, name,
			f.s.message.title.Text, f.s.message.body.Text)
	}
}

// checkInWithCode goes from the welcome screen through the keypad.
func (f *fixture) checkInWithCode(code string) {
	f.t.Helper()
	f.tap(f.s.welcome.booked)
	f.on(f.s.code, "booking code")
	f.press(f.s.code.keys, code)
	f.tap(f.s.code.keys[keyOK])
}
