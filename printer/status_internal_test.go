package printer

import (
	"errors"
	"testing"
)

// The answers are built bit by bit from the Epson ESC/POS reference for
// DLE EOT n: bits 1 and 4 are always 1 (0x12), bits 0 and 7 always 0.
func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers [3]byte // DLE EOT 1, 2, 4
		want    Status
		err     error
	}{
		{"ready", [3]byte{0x12, 0x12, 0x12}, Status{Known: true}, nil},
		{"paper end", [3]byte{0x12 | 0x08, 0x12 | 0x20, 0x12 | 0x60},
			Status{Known: true, Offline: true, PaperOut: true}, ErrPaperOut},
		// Some printers report paper end only through the roll sensor.
		{"roll sensor only", [3]byte{0x12, 0x12, 0x12 | 0x60}, Status{Known: true, PaperOut: true}, ErrPaperOut},
		{"cover open", [3]byte{0x12 | 0x08, 0x12 | 0x04, 0x12},
			Status{Known: true, Offline: true, CoverOpen: true}, ErrCoverOpen},
		{"near end", [3]byte{0x12, 0x12, 0x12 | 0x0C}, Status{Known: true, PaperLow: true}, nil},
		{"cutter error", [3]byte{0x12 | 0x08, 0x12 | 0x40, 0x12},
			Status{Known: true, Offline: true, Error: true}, ErrPrinterOffline},
		{"drawer pin only", [3]byte{0x12 | 0x04, 0x12, 0x12}, Status{Known: true}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseStatus(tc.answers)
			if err != nil || got != tc.want {
				t.Fatalf("parseStatus(% X) = %+v, %v; want %+v", tc.answers, got, err, tc.want)
			}
			if e := got.Err(); (tc.err == nil) != (e == nil) || (tc.err != nil && !errors.Is(e, tc.err)) {
				t.Fatalf("Err() = %v, want %v", e, tc.err)
			}
		})
	}
}

func TestParseStatusBoth(t *testing.T) {
	st, err := parseStatus([3]byte{0x1A, 0x12 | 0x04 | 0x20, 0x72})
	if err != nil {
		t.Fatal(err)
	}
	if e := st.Err(); !errors.Is(e, ErrPaperOut) || !errors.Is(e, ErrCoverOpen) {
		t.Fatalf("Err() = %v, want paper out and cover open", e)
	}
	if s := st.String(); s != "paper out, cover open" {
		t.Fatalf("String() = %q", s)
	}
}

func TestParseStatusRejectsOtherBytes(t *testing.T) {
	// 0x00 is no status byte; 0x13 (XOFF) and 0x93 break the fixed bits.
	for _, b := range []byte{0x00, 0x13, 0x92, 0xFF} {
		if _, err := parseStatus([3]byte{0x12, b, 0x12}); !errors.Is(err, ErrStatusUnknown) {
			t.Errorf("answer 0x%02X: err = %v, want ErrStatusUnknown", b, err)
		}
	}
}

func TestUnknownStatusIsNoError(t *testing.T) {
	if err := (Status{}).Err(); err != nil {
		t.Fatalf("unknown status Err() = %v", err)
	}
	if s := (Status{}).String(); s != "status unknown" {
		t.Fatalf("String() = %q", s)
	}
}

// FuzzParseStatus feeds the three bytes a printer (or anything listening on
// its port) sends back: parseStatus must never panic, and must either
// refuse with ErrStatusUnknown or give a known status.
func FuzzParseStatus(f *testing.F) {
	f.Add(byte(0x12), byte(0x12), byte(0x12))
	f.Add(byte(0x1A), byte(0x32), byte(0x72))
	f.Add(byte(0x00), byte(0xFF), byte(0x13))
	f.Fuzz(func(t *testing.T, a, b, c byte) {
		st, err := parseStatus([3]byte{a, b, c})
		if err != nil && (!errors.Is(err, ErrStatusUnknown) || st.Known) {
			t.Fatalf("parseStatus = %+v, %v", st, err)
		}
		if err == nil && !st.Known {
			t.Fatal("a parsed status must be Known")
		}
	})
}
