package kiosk

import (
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/storage/storagetest"
)

// bringServices are the test services with their texts in two languages, as a newer central
// server sends them; the passport service has only the Danish area an older server sends.
func bringServices() []booking.Service {
	ss := append([]booking.Service(nil), testServices...)
	ss[1].AreaEN = "Waiting area B"
	ss[1].BringDA = "Gyldigt billed-ID med chip: pas, kørekort eller opholdskort."
	ss[1].BringEN = "Valid photo ID with a chip: passport, driving licence or residence permit."
	return ss
}

func newBringFixture(t *testing.T) *fixture {
	return newFixture(t, func(o *Options) {
		db := storagetest.Open(t)
		if err := db.ReplaceDay(booking.DayOf(now), bringServices(), testAppointments()); err != nil {
			t.Fatal(err)
		}
		o.Desk = booking.NewDesk(db, booking.ClockFunc(func() time.Time { return now }), booking.DefaultRules())
	})
}

// slipText joins a slip's lines, so that a wrapped sentence can be searched for whole.
func slipText(s printer.Slip) string {
	var b strings.Builder
	for _, l := range s.Lines {
		b.WriteString(l.Text + " ")
	}
	return b.String()
}

// TestTicketSaysWhatToBring: the MitID ticket says what to bring and where to sit in the
// citizen's language, on the screen and on the slip.
func TestTicketSaysWhatToBring(t *testing.T) {
	tests := []struct {
		language, area, bringHead, bring string
	}{
		{"da", "Venteområde B", "Husk at medbringe", "Gyldigt billed-ID med chip: pas, kørekort eller opholdskort."},
		{"en", "Please take a seat in Waiting area B", "Please bring", "Valid photo ID with a chip: passport, driving licence or residence permit."},
	}
	for _, tt := range tests {
		t.Run(tt.language, func(t *testing.T) {
			f := newBringFixture(t)
			f.tap(f.s.welcome.languages[tt.language])
			f.on(f.s.welcome, "welcome") // the language button switches in place
			f.tap(f.s.welcome.walkIn)
			f.tap(f.s.walkIn.buttons["mitid"])
			f.on(f.s.ticket, "ticket")
			if got := f.s.ticket.area.Text; !strings.Contains(got, tt.area) {
				t.Errorf("area %q, want %q", got, tt.area)
			}
			if got, want := f.s.ticket.bring.Text, tt.bringHead+"\n"+tt.bring; got != want || !f.s.ticket.bring.Visible() {
				t.Errorf("bring %q (visible %v), want %q", got, f.s.ticket.bring.Visible(), want)
			}
			slips := f.printer.printed()
			if len(slips) != 1 {
				t.Fatalf("%d slips", len(slips))
			}
			text := slipText(slips[0])
			for _, want := range []string{tt.area, tt.bringHead, tt.bring} {
				if !strings.Contains(text, want) {
					t.Errorf("slip %q lacks %q", text, want)
				}
			}
		})
	}
}

// TestTicketWithoutTexts: a service with a Danish area only (from an older server) shows it
// on the English ticket, and nothing to bring.
func TestTicketWithoutTexts(t *testing.T) {
	f := newBringFixture(t)
	f.tap(f.s.welcome.languages["en"])
	f.tap(f.s.welcome.walkIn)
	f.tap(f.s.walkIn.buttons["pas"])
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.area.Text; got != "Please take a seat in Venteområde A" {
		t.Errorf("area %q", got)
	}
	if f.s.ticket.bring.Text != "" || f.s.ticket.bring.Visible() {
		t.Errorf("bring %q shown for a service that asks nothing", f.s.ticket.bring.Text)
	}
	if text := slipText(f.printer.printed()[0]); strings.Contains(text, "Please bring") {
		t.Errorf("slip asks to bring something: %q", text)
	}
}

// TestCheckInSaysWhatToBring: a booked MitID citizen who checks in learns it too.
func TestCheckInSaysWhatToBring(t *testing.T) {
	f := newBringFixture(t)
	f.checkInWithCode(booking.MakeBookingCode(1006)) // Freja, MitID at 10:10
	f.on(f.s.ticket, "ticket")
	if got := f.s.ticket.bring.Text; !strings.Contains(got, "Gyldigt billed-ID med chip") {
		t.Errorf("bring %q", got)
	}
}
