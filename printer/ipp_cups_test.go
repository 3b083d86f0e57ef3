package printer_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
)

// TestIPPAgainstCUPS prints through a real cupsd. It runs only when
// CITIZENKIOSK_CUPS_QUEUE names a raw queue (ipp://…/printers/NAME) whose
// device is socket://$CITIZENKIOSK_CUPS_SINK, an address this test listens
// on; see FIELD-NOTES.md "Printing" for setting one up.
func TestIPPAgainstCUPS(t *testing.T) {
	queue, sink := os.Getenv("CITIZENKIOSK_CUPS_QUEUE"), os.Getenv("CITIZENKIOSK_CUPS_SINK")
	if queue == "" || sink == "" {
		t.Skip("CITIZENKIOSK_CUPS_QUEUE and CITIZENKIOSK_CUPS_SINK not set")
	}
	slips := printertest.ListenOn(t, sink)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	slip := printer.Slip{Lines: []printer.Line{{Text: "Ærø – CUPS", Size: printer.Double}, {QR: "cups"}}}
	if err := printer.NewIPP(queue).Print(ctx, slip); err != nil {
		t.Fatal(err)
	}
	select {
	case lines := <-slips:
		if len(lines) != 2 || lines[0].Text != "Ærø - CUPS" || lines[1].QR != "cups" {
			t.Fatalf("CUPS delivered %+v", lines)
		}
	case <-ctx.Done():
		t.Fatal("CUPS did not deliver the job")
	}
}
