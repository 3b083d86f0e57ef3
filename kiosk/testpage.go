package kiosk

import (
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
)

// testPageLetters is the line that proves the printer's code page: if the
// Danish letters print as themselves, ESC t 5 (PC865) took.
const testPageLetters = "æ ø å Æ Ø Å"

// testPageQR is the test page's QR payload: short, so any printer's QR
// support shows, and saying what it is to whoever scans it.
const testPageQR = "citizenkiosk test"

// TestPage is the slip `citizenkiosk print-test` prints by default, in the
// given language ("da" or "en", Danish otherwise): the kiosk's name, the time,
// the Danish letters in large type, a rule and a QR code, so that one slip
// shows the code page, the character sizes, bold, the rule, the QR code and
// the cutter working.
func TestPage(kiosk string, at time.Time, language string) printer.Slip {
	tr := translatorFor(language)
	return printer.Slip{Lines: []printer.Line{
		{Text: tr.L("Printer test"), Align: printer.Center, Size: printer.Double, Bold: true},
		{Rule: true},
		{Text: tr.L("Kiosk: {{.Name}}", map[string]string{"Name": kiosk})},
		{Text: tr.L("Printed {{.Time}}", map[string]string{"Time": at.Format("02.01.2006 15:04:05")}), Feed: 1},
		{Text: testPageLetters, Align: printer.Center, Size: printer.Tall, Bold: true, Feed: 1},
		{QR: testPageQR, Align: printer.Center, Feed: 1},
		{Text: tr.L("The printer works."), Align: printer.Center, Feed: 3},
	}}
}

// SampleActivationLetter is the activation letter with an obviously fake user
// ID and code, marked PRØVE / SAMPLE, for trying a printer: it carries no
// secret, so it may be printed and thrown away.
func SampleActivationLetter(centre string, at time.Time, language string) printer.Slip {
	return ActivationLetter(Letter{
		Centre: centre + " - PRØVE / SAMPLE", UserID: "SAMPLE", Code: "XXXX-XXXX-XXXX-XXXX",
		Issued: at, ValidUntil: at.Add(48 * time.Hour),
	}, language)
}

// SampleTicket is a walk-in ticket A042 for a sample service, in the language
// lang.L speaks now (see SetLanguage); call it where lang.L may be called.
func SampleTicket(at time.Time, language string) printer.Slip {
	v := booking.Visit{
		Ticket:  booking.Ticket{Number: "A042", IssuedAt: at},
		Service: booking.Service{ID: "sample", NameDA: "PRØVE", NameEN: "SAMPLE", Prefix: "A", Area: "B"},
		Ahead:   3, Wait: 12 * time.Minute,
	}
	return ticketSlip(v, language, at)
}

// translatorFor is the translator for language, Danish when it is not one
// the kiosk speaks.
func translatorFor(language string) translator {
	if !supported(language) {
		return translator(Languages[0])
	}
	return translator(language)
}
