package kiosk

import (
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

func TestActivationLetter(t *testing.T) {
	issued := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	l := Letter{Centre: "Borgerservice Århus", UserID: "ab******7f", Code: "ABCD-EFGH-JKLM-NPQR",
		Issued: issued, ValidUntil: issued.Add(48 * time.Hour)}
	for _, tc := range []struct {
		language string
		want     []string
	}{
		{"da", []string{"Borgerservice Århus", "MitID-aktiveringskode", "ab******7f", "ABCD-EFGH", "JKLM-NPQR",
			"Gyldig til 04.12.2026 09:30", "tre forkerte", "MitID.dk", "mindst 8 tegn", "MhBeltis7", "aldrig ned"}},
		{"en", []string{"Borgerservice Århus", "MitID activation code", "ab******7f", "ABCD-EFGH", "JKLM-NPQR",
			"Valid until 04.12.2026 09:30", "three wrong", "MitID.dk", "at least 8", "MdBllwitw7", "Never write"}},
		{"xx", []string{"MitID-aktiveringskode"}}, // an unknown language falls back to Danish
	} {
		t.Run(tc.language, func(t *testing.T) {
			slip := ActivationLetter(l, tc.language)
			b, err := slip.ESCPOS()
			if err != nil {
				t.Fatal(err)
			}
			lines, err := printer.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, ln := range lines {
				text.WriteString(ln.Text + "\n")
			}
			got := strings.Join(strings.Fields(text.String()), " ")
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("letter lacks %q:\n%s", w, text.String())
				}
			}
			for _, ln := range slip.Lines {
				if strings.Contains(ln.Text, "{{") {
					t.Errorf("unfilled placeholder in %q", ln.Text)
				}
				if ln.Text != "" && printer.TextWidth(ln.Text, ln.Size) > printer.Columns(printer.Normal) {
					t.Errorf("line %q is wider than the paper at its size", ln.Text)
				}
			}
		})
	}
}

func TestCodeLines(t *testing.T) {
	for code, want := range map[string]string{
		"ABCD-EFGH-JKLM-NPQR": "ABCD-EFGH|JKLM-NPQR",
		"ABCD-EFGH-JKLM":      "ABCD-EFGH|JKLM",
		"ABCD":                "ABCD",
	} {
		if got := strings.Join(codeLines(code), "|"); got != want {
			t.Errorf("codeLines(%q) = %q, want %q", code, got, want)
		}
	}
}
