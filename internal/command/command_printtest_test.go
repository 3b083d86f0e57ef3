package command

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
)

// printTest runs print-test with a config naming the kiosk, as the binary would.
func printTest(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cfgFile := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfgFile, []byte("kiosk_id = \"odense-door-1\"\nsite = \"odense\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	// Wait for the fake printer's answers as long as it takes, so that a loaded machine
	// cannot turn "out of paper" into "no answer".
	code = Run(append([]string{"--config", cfgFile, "print-test", "--status-wait", "1m"}, args...), nil, &out, &errOut)
	return code, out.String(), errOut.String()
}

func slipText(lines []printer.DecodedLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

func nextPrintTestJob(t *testing.T, p *printertest.Printer) string {
	t.Helper()
	select {
	case lines := <-p.Jobs:
		return slipText(lines)
	case <-time.After(20 * time.Second):
		t.Fatal("no job arrived")
		return ""
	}
}

func TestPrintTestSlips(t *testing.T) {
	p := printertest.Start(t)
	for _, tc := range []struct {
		slip string
		want []string
	}{
		{"", []string{"Printertest", "Kiosk: odense-door-1", "Udskrevet ", "æ ø å Æ Ø Å", "Printeren virker."}},
		{"ticket", []string{"A042", "PRØVE"}},
		{"activation", []string{"Borgerservice odense - PRØVE / SAMPLE", "SAMPLE", "XXXX-XXXX", "MitID-aktiveringskode"}},
	} {
		t.Run("slip "+tc.slip, func(t *testing.T) {
			args := []string{"--printer", "tcp://" + p.Addr}
			if tc.slip != "" {
				args = append(args, "--slip", tc.slip)
			}
			code, out, errOut := printTest(t, args...)
			if code != 0 || !strings.Contains(out, "printer status: ready\n") || !strings.Contains(out, "printed the ") {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			got := nextPrintTestJob(t, p)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("slip lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// A printer out of paper or with its cover open is reported, exit 1, and the
// slip is not sent; the next slip printed is the next one asked for.
func TestPrintTestPrinterNotReady(t *testing.T) {
	p := printertest.Start(t)
	for state, want := range map[printertest.State]string{
		printertest.PaperOut:  "out of paper",
		printertest.CoverOpen: "cover is open",
	} {
		p.SetState(state)
		code, out, errOut := printTest(t, "--printer", "tcp://"+p.Addr)
		if code != 1 || !strings.Contains(errOut, want) || !strings.Contains(out, "printer status: ") {
			t.Fatalf("state %d: exit %d, stdout %q, stderr %q", state, code, out, errOut)
		}
	}
	p.SetState(printertest.Ready)
	if code, _, errOut := printTest(t, "--printer", "tcp://"+p.Addr, "--slip", "ticket"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := nextPrintTestJob(t, p); !strings.Contains(got, "A042") {
		t.Fatalf("first slip to arrive:\n%s\nwant the ticket printed once the printer was ready", got)
	}
}

func TestPrintTestPreviewAndDevice(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "slip.png")
	if code, _, errOut := printTest(t, "--printer", "preview:"+file, "--slip", "activation"); code != 0 {
		t.Fatalf("preview: exit %d: %s", code, errOut)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() < 500 || img.Bounds().Dy() < 500 {
		t.Fatalf("preview PNG: %v, %v", img.Bounds(), err)
	}

	for _, uri := range []string{"device://" + filepath.Join(dir, "lp0"), filepath.Join(dir, "lp1")} {
		path := strings.TrimPrefix(uri, "device://")
		if err := os.WriteFile(path, nil, 0o600); err != nil { // the device must exist
			t.Fatal(err)
		}
		code, out, errOut := printTest(t, "--printer", uri)
		if code != 0 || !strings.Contains(out, "printer status: unknown") {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", uri, code, out, errOut)
		}
		b, _ := os.ReadFile(path)
		lines, err := printer.Decode(b)
		if err != nil || !strings.Contains(slipText(lines), "æ ø å Æ Ø Å") {
			t.Fatalf("%s: device got %q, %v", uri, slipText(lines), err)
		}
	}
}

func TestPrintTestRefusesBadInput(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--printer", "http://10.0.0.20:9100"},
		{"--printer", "lpt1"},
		{"--printer", "tcp://"},
		{"--printer", "tcp://host:9100/queue"},
		{"--printer", "device://host/dev/usb/lp0"},
		{"--printer", "ipp://cups.local"},
		{"--printer", "preview:"},
		{"--printer", "tcp://127.0.0.1:9100", "--slip", "receipt"},
		{"--printer", "tcp://127.0.0.1:9100", "extra"},
	} {
		code, out, errOut := printTest(t, args...)
		if code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and a message", args, code, out, errOut)
		}
		if len(args) == 2 && !strings.Contains(errOut, "tcp://HOST[:9100], device:///dev/usb/lp0") {
			t.Errorf("%q: the refusal does not list the URI forms: %s", args, errOut)
		}
	}
}

func TestPrinterFromURI(t *testing.T) {
	for uri, want := range map[string]string{
		"tcp://10.0.0.20":                    "printer.tcpPrinter",
		"tcp://10.0.0.20:9101":               "printer.tcpPrinter",
		"device:///dev/usb/lp0":              "printer.devicePrinter",
		"/dev/usb/lp0":                       "printer.devicePrinter",
		"ipp://localhost:631/printers/TMT20": "printer.ippPrinter",
		"ipps://cups/printers/TMT20":         "printer.ippPrinter",
		"preview:slip.png":                   "command.pngPrinter",
	} {
		p, err := printerFromURI(uri)
		if err != nil {
			t.Errorf("%s: %v", uri, err)
			continue
		}
		if got := fmt.Sprintf("%T", p); got != want {
			t.Errorf("%s: %s, want %s", uri, got, want)
		}
	}
	if _, err := printerFromURI("smb://x/y"); !errors.Is(err, errPrinterURI) {
		t.Errorf("smb: err = %v, want errPrinterURI", err)
	}
}

// FuzzPrinterFromURI: a --printer value from a person or a script never
// panics, and is either mapped or refused with errPrinterURI.
func FuzzPrinterFromURI(f *testing.F) {
	for _, s := range []string{"tcp://h:9100", "device:///dev/usb/lp0", "ipp://h/printers/q", "preview:x.png", "/x", "%zz", "tcp://[::1]:9100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		p, err := printerFromURI(uri)
		if (p == nil) == (err == nil) || (err != nil && !errors.Is(err, errPrinterURI)) {
			t.Fatalf("printerFromURI(%q) = %v, %v", uri, p, err)
		}
	})
}
