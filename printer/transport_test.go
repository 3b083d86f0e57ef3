package printer_test

import (
	"context"
	"errors"
	"image"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
)

var ticket = printer.Slip{Lines: []printer.Line{
	{Text: "Borgerservice Århus", Align: printer.Center, Bold: true},
	{Text: "C007", Align: printer.Center, Size: printer.Huge, Feed: 1},
	{Text: "Vent venligst – du bliver kaldt"},
}}

func TestTCPPrintsToListener(t *testing.T) {
	addr, slips := printertest.Listen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p := printer.NewTCP(addr)
	for i := 0; i < 2; i++ {
		if err := p.Print(ctx, ticket); err != nil {
			t.Fatal(err)
		}
		select {
		case lines := <-slips:
			if len(lines) != 3 || lines[0].Text != "Borgerservice Århus" || lines[1].Size != printer.Huge ||
				lines[2].Text != "Vent venligst - du bliver kaldt" || !lines[2].Cut {
				t.Fatalf("printed %+v", lines)
			}
		case <-ctx.Done():
			t.Fatal("no job arrived")
		}
	}
}

// A printer that takes the connection but never reads (paper out, cover
// open), or whose port never accepts, must make Print fail at the
// deadline, not hang and not report success.
func TestTCPTimeouts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		accept bool
	}{{"never reads", true}, {"never accepts", false}} {
		t.Run(tc.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			if tc.accept {
				go func() {
					if c, err := ln.Accept(); err == nil {
						defer c.Close()
						time.Sleep(3 * time.Second)
					}
				}()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			err = printer.NewTCP(ln.Addr().String()).Print(ctx, ticket)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want DeadlineExceeded", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("Print took %v", d)
			}
		})
	}
}

func TestTCPRefused(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	if err := printer.NewTCP(addr).Print(context.Background(), ticket); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("err = %v, want connection refused", err)
	}
}

func TestPreviewPrinter(t *testing.T) {
	var got image.Image
	p := printer.PreviewPrinter{Last: func(img image.Image) { got = img }}
	if err := p.Print(context.Background(), ticket); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Bounds().Dy() == 0 {
		t.Fatal("no preview image")
	}
	bad := printer.Slip{Lines: []printer.Line{{QR: strings.Repeat("x", 500)}}}
	if err := p.Print(context.Background(), bad); !errors.Is(err, printer.ErrQRTooLong) {
		t.Fatalf("err = %v, want ErrQRTooLong", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (printer.PreviewPrinter{}).Print(ctx, ticket); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want Canceled", err)
	}
}
