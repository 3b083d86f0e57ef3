package kiosk

import (
	"fmt"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
)

// A ticket printer that says it cannot print (asked with DLE EOT over a real socket) makes
// the ticket screen say why, with the number to note, in the citizen's language.
func TestTicketScreenSaysWhyThePrinterFailed(t *testing.T) {
	p := printertest.Start(t)
	for _, tc := range []struct {
		state    printertest.State
		language string
		want     string
	}{
		{printertest.PaperOut, "da", "Printeren mangler papir. Skriv venligst dit nummer ned: A001"},
		{printertest.PaperOut, "en", "The printer is out of paper. Please note your number: A001"},
		{printertest.CoverOpen, "da", "Printerens låg står åbent. Skriv venligst dit nummer ned: A001"},
		{printertest.CoverOpen, "en", "The printer's lid is open. Please note your number: A001"},
	} {
		t.Run(fmt.Sprintf("state %d %s", tc.state, tc.language), func(t *testing.T) {
			p.SetState(tc.state)
			f := newFixture(t, func(o *Options) { o.Printer = printer.NewTCP(p.Addr, printer.StatusWait(time.Minute)) })
			f.tap(f.s.welcome.languages[tc.language])
			f.checkInWithCode(codeDue)
			f.on(f.s.ticket, "ticket")
			if got := f.s.ticket.printing.Text; got != tc.want {
				t.Errorf("printing = %q, want %q", got, tc.want)
			}
			if got := f.s.ticket.number.Text; got != "A001" {
				t.Errorf("number = %q", got)
			}
		})
	}
	// The slips were refused before they were sent: the printer took no job.
	p.SetState(printertest.Ready)
	f := newFixture(t, func(o *Options) { o.Printer = printer.NewTCP(p.Addr, printer.StatusWait(time.Minute)) })
	f.checkInWithCode(codeDue)
	if got := f.s.ticket.printing.Text; got != "Tag venligst din billet." {
		t.Errorf("printing = %q once the printer is ready", got)
	}
	if lines := <-p.Jobs; lines[0].Text != "Borgerservice" {
		t.Errorf("first job to arrive starts %q", lines[0].Text)
	}
}
