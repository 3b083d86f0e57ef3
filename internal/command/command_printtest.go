package command

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/printer"
)

// printerURIForms is what --printer accepts, for the usage and the refusal.
const printerURIForms = "tcp://HOST[:9100], device:///dev/usb/lp0 (or a plain /path), " +
	"ipp://HOST[:631]/printers/QUEUE (or ipps://), preview:FILE.png"

// errPrinterURI is wrapped by printerFromURI for a URI it cannot map.
var errPrinterURI = errors.New("not a printer URI")

// cmdPrintTest runs `citizenkiosk [global flags] print-test --printer URI [--slip
// test|ticket|activation]`: it asks the printer for its state where the transport can,
// prints one slip, and says what happened. The slips carry sample data only (the
// activation letter says PRØVE / SAMPLE and has no real code). Exit status: 0 printed,
// 1 the printer refused or could not be reached, 2 a usage or configuration error.
func cmdPrintTest(f *kioskFlags, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("citizenkiosk print-test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	uri := fs.String("printer", "", "where to print: "+printerURIForms)
	slipName := fs.String("slip", "test", "test (kiosk name, time, æøå), ticket or activation")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after this long")
	statusWait := fs.Duration("status-wait", printer.DefaultStatusWait,
		"how long to wait for the printer's answer to DLE EOT (0: do not ask)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: citizenkiosk print-test --printer URI [--slip test|ticket|activation] [--timeout D] [--status-wait D]")
		fs.PrintDefaults()
	}
	if code, ok := parseWithGlobals(fs, f, args); !ok {
		return code
	}
	if fs.NArg() > 0 || *uri == "" {
		fs.Usage()
		return 2
	}
	cfg, err := f.loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk print-test:", err)
		return 2
	}
	prn, err := printerFromURI(*uri, printer.StatusWait(*statusWait))
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk print-test:", err)
		return 2
	}
	now := time.Now()
	var slip printer.Slip
	switch *slipName {
	case "test":
		slip = kiosk.TestPage(cfg.KioskID, now, cfg.Language)
	case "ticket":
		kiosk.SetLanguage(cfg.Language) // the ticket speaks the language lang.L speaks
		slip = kiosk.SampleTicket(now, cfg.Language)
	case "activation":
		slip = kiosk.SampleActivationLetter("Borgerservice "+cfg.Site, now, cfg.Language)
	default:
		fmt.Fprintf(stderr, "citizenkiosk print-test: --slip %q is not test, ticket or activation\n", *slipName)
		return 2
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	st, err := printer.CheckStatus(ctx, prn)
	switch {
	case err != nil:
		fmt.Fprintf(stdout, "printer status: unknown (%v)\n", err)
	default:
		fmt.Fprintln(stdout, "printer status:", st)
	}
	if err := prn.Print(ctx, slip); err != nil {
		fmt.Fprintf(stderr, "citizenkiosk print-test: %s: %v\n", printFailure(err), err)
		return 1
	}
	fmt.Fprintf(stdout, "printed the %s slip to %s\n", *slipName, *uri)
	return 0
}

// printFailure says in a few words what a person at the printer should do.
func printFailure(err error) string {
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return "the printer is out of paper; load a roll"
	case errors.Is(err, printer.ErrCoverOpen):
		return "the printer's cover is open; close it"
	case errors.Is(err, printer.ErrPrinterOffline):
		return "the printer is offline; check it for a paper jam or cutter error"
	case errors.Is(err, context.DeadlineExceeded):
		return "the printer did not take the slip in time"
	}
	return "the slip did not print"
}

// printerFromURI maps a --printer URI onto the printer package's transports; opts go to
// those that ask the printer for its state.
func printerFromURI(uri string, opts ...printer.Option) (printer.Printer, error) {
	if strings.HasPrefix(uri, "/") {
		return printer.NewDevice(uri, opts...), nil
	}
	if file, ok := strings.CutPrefix(uri, "preview:"); ok {
		if file == "" {
			return nil, fmt.Errorf("%q: preview needs a file name: %w; use %s", uri, errPrinterURI, printerURIForms)
		}
		return pngPrinter{path: file}, nil
	}
	u, err := url.Parse(uri)
	if err != nil {
		return nil, fmt.Errorf("%q: %w (%w); use %s", uri, errPrinterURI, err, printerURIForms)
	}
	switch u.Scheme {
	case "tcp":
		if u.Hostname() == "" || (u.Path != "" && u.Path != "/") {
			break
		}
		port := u.Port()
		if port == "" {
			port = "9100"
		}
		return printer.NewTCP(net.JoinHostPort(u.Hostname(), port), opts...), nil
	case "device":
		if u.Host == "" && strings.HasPrefix(u.Path, "/") {
			return printer.NewDevice(u.Path, opts...), nil
		}
	case "ipp", "ipps":
		if u.Host != "" && u.Path != "" {
			return printer.NewIPP(uri), nil
		}
	}
	return nil, fmt.Errorf("%q: %w; use %s", uri, errPrinterURI, printerURIForms)
}

// pngPrinter "prints" by writing the slip's preview to a PNG file, for trying a slip
// without paper. It refuses what a real printer's encoder would refuse.
type pngPrinter struct {
	path string
}

func (p pngPrinter) Print(ctx context.Context, s printer.Slip) error {
	var img image.Image
	if err := (printer.PreviewPrinter{Last: func(i image.Image) { img = i }}).Print(ctx, s); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("preview %s: %w", p.path, err)
	}
	if err := os.WriteFile(p.path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("preview: %w", err)
	}
	return nil
}
