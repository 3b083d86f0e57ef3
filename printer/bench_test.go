package printer_test

import (
	"context"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
)

// activationSlip is the larger of the two documents the kiosk prints.
var activationSlip = printer.Slip{Lines: []printer.Line{
	{Text: "Borgerservice Århus", Align: printer.Center, Bold: true, Feed: 1},
	{Text: "MitID aktiveringskode", Align: printer.Center, Size: printer.Double},
	{Rule: true},
	{Text: "ABCD-EFGH-JKLM", Align: printer.Center, Size: printer.Double, Bold: true, Feed: 1},
	{Text: "Koden virker i 48 timer og kan kun bruges én gang."},
	{Text: "Skriv den ikke ned, og vis den ikke til andre."},
	{Rule: true},
	{QR: "https://borger.example.dk/mitid", Align: printer.Center, Feed: 1},
	{Text: "25.11.2026 09:14 - skranke 3", Align: printer.Right},
}}

func BenchmarkESCPOS(b *testing.B) {
	for b.Loop() {
		if _, err := activationSlip.ESCPOS(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	data, _ := activationSlip.ESCPOS()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := printer.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPreview(b *testing.B) {
	for b.Loop() {
		printer.Preview(activationSlip)
	}
}

// BenchmarkTCPPrint is one print over loopback to a capturing printer:
// dial, ask its state (DLE EOT 1, 2, 4), write, half-close, wait for the
// printer to close.
func BenchmarkTCPPrint(b *testing.B) {
	addr, slips := printertest.Listen(b)
	p := printer.NewTCP(addr)
	for b.Loop() {
		if err := p.Print(context.Background(), activationSlip); err != nil {
			b.Fatal(err)
		}
		<-slips
	}
}
