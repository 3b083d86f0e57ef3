package kiosk

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

var updateGolden = flag.Bool("update", false, "rewrite the ESC/POS golden files in testdata")

var slipTime = time.Date(2026, 12, 2, 9, 30, 5, 0, time.UTC)

// The test page, byte for byte, each command as the Epson ESC/POS
// Application Programming Guide defines it.
func TestTestPageBytes(t *testing.T) {
	got, err := TestPage("odense-door-1", slipTime, "da").ESCPOS()
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	add := func(b ...byte) { want = append(want, b...) }
	text := func(s string) { want = append(append(want, s...), 0x0A) } // ASCII text, then LF: print and feed
	add(0x1B, 0x40)                                                    // ESC @: initialize (left, normal size, not bold, code page 437)
	add(0x1B, 0x74, 5)                                                 // ESC t 5: character code table PC865 (Nordic)
	add(0x1B, 0x61, 1)                                                 // ESC a 1: centre
	add(0x1D, 0x21, 0x11)                                              // GS ! 0x11: double width (bits 4-6 = 1) and double height (bits 0-2 = 1)
	add(0x1B, 0x45, 1)                                                 // ESC E 1: emphasized (bold) on
	text("Printertest")
	add(0x1D, 0x21, 0x00)                  // GS ! 0: normal size, for the rule
	add(0x1B, 0x45, 0)                     // ESC E 0: bold off
	add(bytes.Repeat([]byte{0xC4}, 42)...) // 42 × "─" (0xC4 in PC865): the rule
	add(0x0A)                              // LF
	add(0x1B, 0x61, 0)                     // ESC a 0: left
	text("Kiosk: odense-door-1")
	text("Udskrevet 02.12.2026 09:30:05")
	add(0x1B, 0x64, 1)    // ESC d 1: print and feed one line
	add(0x1B, 0x61, 1)    // ESC a 1: centre
	add(0x1D, 0x21, 0x01) // GS ! 0x01: double height
	add(0x1B, 0x45, 1)    // ESC E 1: bold on
	// æ ø å Æ Ø Å in PC865: 0x91, 0x9B, 0x86, 0x92, 0x9D, 0x8F, with spaces.
	add(0x91, ' ', 0x9B, ' ', 0x86, ' ', 0x92, ' ', 0x9D, ' ', 0x8F, 0x0A)
	add(0x1B, 0x64, 1) // ESC d 1
	// QR code, GS ( k pL pH cn=49 fn …, where pL + 256·pH counts cn, fn and the parameters:
	add(0x1D, 0x28, 0x6B, 4, 0, 49, 65, 50, 0) // fn 165: model 2 (n1 = 50), n2 = 0
	add(0x1D, 0x28, 0x6B, 3, 0, 49, 67, 6)     // fn 167: module size 6 dots
	add(0x1D, 0x28, 0x6B, 3, 0, 49, 69, 49)    // fn 169: error correction level M (n = 49)
	add(0x1D, 0x28, 0x6B, 20, 0, 49, 80, 48)   // fn 180: store 17 bytes of data (m = 48): pL = 17 + 3
	add([]byte("citizenkiosk test")...)
	add(0x1D, 0x28, 0x6B, 3, 0, 49, 81, 48) // fn 181: print the stored symbol (m = 48)
	add(0x1B, 0x64, 1)                      // ESC d 1
	add(0x1D, 0x21, 0x00)                   // GS ! 0: normal size
	add(0x1B, 0x45, 0)                      // ESC E 0: bold off
	text("Printeren virker.")
	add(0x1B, 0x64, 3)     // ESC d 3: feed three lines, so the text clears the cutter
	add(0x1D, 0x56, 66, 0) // GS V 66 0: feed to the cutting position and cut partially
	if !bytes.Equal(got, want) {
		t.Fatalf("test page =\n% X\nwant\n% X", got, want)
	}
}

func TestTestPageEnglishAndFallback(t *testing.T) {
	for language, title := range map[string]string{"en": "Printer test", "xx": "Printertest"} {
		lines := decodeSlip(t, TestPage("k", slipTime, language))
		if lines[0].Text != title || lines[4].Text != "æ ø å Æ Ø Å" {
			t.Errorf("%s: test page starts %q, letters %q", language, lines[0].Text, lines[4].Text)
		}
	}
}

func decodeSlip(t *testing.T, s printer.Slip) []printer.DecodedLine {
	t.Helper()
	b, err := s.ESCPOS()
	if err != nil {
		t.Fatal(err)
	}
	lines, err := printer.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// The ticket and the activation letter, byte for byte against golden files
// (go test -tags ci ./kiosk -run Golden -update rewrites them after a
// deliberate change; review the decoded diff before committing). The
// commands that matter on paper are also checked by hand below, so that a
// golden file written by a broken encoder cannot pass.
func TestSlipGolden(t *testing.T) {
	SetLanguage("da")
	letter := ActivationLetter(Letter{Centre: "Borgerservice Odense", UserID: "ab******7f",
		Code: "ABCD-EFGH-JKLM-NPQR", Issued: slipTime, ValidUntil: slipTime.Add(48 * time.Hour)}, "da")
	for _, tc := range []struct {
		name string
		slip printer.Slip
		// fragments are byte sequences the slip must contain, from the reference
		must [][]byte
	}{
		{"ticket-da", SampleTicket(slipTime, "da"), [][]byte{
			{0x1D, 0x21, 0x33, 0x1B, 0x45, 1, 'A', '0', '4', '2', 0x0A}, // GS ! 0x33 (4×4), bold: the number
			{0x1D, 0x28, 0x6B, 7, 0, 49, 80, 48, 'A', '0', '4', '2'},    // QR of the number: fn 180, 4 bytes
			append([]byte("PR"), 0x9D, 'V', 'E', 0x0A),                  // "PRØVE", Ø = 0x9D
		}},
		{"letter-da", letter, [][]byte{
			{0x1D, 0x21, 0x33, 0x1B, 0x45, 1, 'A', 'B', 'C', 'D', '-', 'E', 'F', 'G', 'H', 0x0A}, // code, 4×4 bold
			append([]byte("Gyldig til 04.12.2026 09:30"), 0x0A),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.slip.ESCPOS()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(got, []byte{0x1B, 0x40, 0x1B, 0x74, 5}) || !bytes.HasSuffix(got, []byte{0x1B, 0x64, 3, 0x1D, 0x56, 66, 0}) {
				t.Errorf("slip does not start with ESC @ ESC t 5, or end with ESC d 3 GS V 66 0:\n% X", got)
			}
			for _, f := range tc.must {
				if !bytes.Contains(got, f) {
					t.Errorf("slip lacks % X", f)
				}
			}
			path := filepath.Join("testdata", tc.name+".escpos")
			if *updateGolden {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n% X", tc.name, path, got)
			}
		})
	}
}
