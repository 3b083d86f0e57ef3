package booking

import (
	"errors"
	"strings"
	"testing"
)

func TestParseScan(t *testing.T) {
	code := MakeBookingCode(5724041) // a valid code
	bad := code[:7] + string('0'+(code[7]-'0'+1)%10)
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"Code 128 barcode", code, code, nil},
		{"barcode with CR LF", code + "\r\n", code, nil},
		{"barcode with AIM identifier", "]C0" + code, code, nil},
		{"barcode with STX ETX", "\x02" + code + "\x03", code, nil},
		{"barcode in asterisks", "*" + code + "*", code, nil},
		{"QR minimal", "BSK1:" + code, code, nil},
		{"QR with fields", "BSK1:" + code + ";v=1;svc=pas", code, nil},
		{"QR lowercase", "bsk1:" + code + ";V=1\n", code, nil},
		{"QR with AIM identifier", "]Q1BSK1:" + code, code, nil},
		{"QR behind a scanner prefix", "KIOSK01 BSK1:" + code, code, nil},
		{"QR with trailing tab", "BSK1:" + code + "\t", code, nil},
		{"QR through a Danish keyboard", "BSK1Æ" + code + "æv=1", code, nil},
		{"QR truncated in the fields", "BSK1:" + code + ";v", code, nil},
		{"URL", "https://borger.example.dk/c/" + code, code, nil},
		{"URL uppercase", "HTTPS://BORGER.EXAMPLE.DK/C/" + code, code, nil},
		{"URL with trailing slash", "https://borger.example.dk/booking/c/" + code + "/", code, nil},

		{"QR truncated", "BSK1:" + code[:5], "", ErrBadScan},
		{"QR marker only", "BSK1:", "", ErrBadScan},
		{"QR nine digits", "BSK1:" + code + "1", "", ErrBadScan},
		{"QR letters after code", "BSK1:" + code + "abc", "", ErrBadScan},
		{"QR wrong check digit", "BSK1:" + bad, "", ErrInvalidCode},
		{"barcode wrong check digit", bad, "", ErrInvalidCode},
		{"EAN-13", "5701234567899", "", ErrBadScan},
		{"short barcode", code[:6], "", ErrBadScan},
		{"letters around barcode", "X" + code + "Y", "", ErrBadScan},
		{"other URL", "https://example.dk/other", "", ErrBadScan},
		{"URL truncated", "https://borger.example.dk/c/" + code[:3], "", ErrBadScan},
		{"URL with query", "https://borger.example.dk/c/" + code + "?x=1", "", ErrBadScan},
		{"Wi-Fi QR", "WIFI:S:net;T:WPA;P:secret;;", "", ErrBadScan},
		{"noise", "\x00\x1b[A", "", ErrBadScan},
		{"empty", "", "", ErrBadScan},
		{"too long", strings.Repeat("9", 5000), "", ErrBadScan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseScan(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ParseScan(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func FuzzParseScan(f *testing.F) {
	code := MakeBookingCode(5724041)
	for _, s := range []string{code, "BSK1:" + code + ";v=1", "https://x.dk/c/" + code, "]C0" + code,
		"BSK1Æ" + code, "BSK1:", "bsK1:1", "://", "/c/", "\xff\xfe", "]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseScan(s)
		if err != nil {
			if !errors.Is(err, ErrBadScan) && !errors.Is(err, ErrInvalidCode) {
				t.Fatalf("error %v wraps neither ErrBadScan nor ErrInvalidCode", err)
			}
			return
		}
		if !ValidBookingCode(got) {
			t.Fatalf("ParseScan(%q) = %q, which does not re-validate", s, got)
		}
		if !strings.Contains(s, got) {
			t.Fatalf("ParseScan(%q) = %q, which the payload does not contain", s, got)
		}
	})
}
