package printer

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestESCPOSExactBytes(t *testing.T) {
	slip := Slip{Lines: []Line{
		{Text: "Borgerservice", Align: Center, Bold: true},
		{Text: "A017", Align: Center, Size: Huge, Feed: 2},
		{Rule: true},
		{Text: "Kø", Size: Tall},
	}}
	got, err := slip.ESCPOS()
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	add := func(b ...byte) { want = append(want, b...) }
	add(0x1B, '@')    // ESC @: initialize
	add(0x1B, 't', 5) // ESC t 5: PC865 Nordic
	add(0x1B, 'a', 1) // ESC a 1: centre
	add(0x1B, 'E', 1) // ESC E 1: bold on
	add([]byte("Borgerservice\n")...)
	add(0x1D, '!', 0x33) // GS ! 0x33: 4 × 4
	add(0x1B, 'E', 0)    // ESC E 0: bold off
	add([]byte("A017\n")...)
	add(0x1B, 'd', 2)    // ESC d 2: feed two lines
	add(0x1D, '!', 0x00) // rule: centred (already), normal, not bold
	add(bytes.Repeat([]byte{0xC4}, 42)...)
	add('\n')
	add(0x1B, 'a', 0)     // ESC a 0: left
	add(0x1D, '!', 0x01)  // GS ! 0x01: double height
	add('K', 0x9B, '\n')  // ø is 0x9B in CP865
	add(0x1D, 'V', 66, 0) // GS V 66 0: feed to cutter, partial cut
	if !bytes.Equal(got, want) {
		t.Fatalf("ESCPOS =\n% X\nwant\n% X", got, want)
	}
}

func TestESCPOSQRBytes(t *testing.T) {
	got, err := Slip{Lines: []Line{{QR: "AB", Align: Center}}}.ESCPOS()
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{
		0x1B, '@', 0x1B, 't', 5, 0x1B, 'a', 1,
		0x1D, '(', 'k', 4, 0, '1', 65, '2', 0, // fn 165: model 2
		0x1D, '(', 'k', 3, 0, '1', 67, 6, // fn 167: 6-dot modules
		0x1D, '(', 'k', 3, 0, '1', 69, '1', // fn 169: level M
		0x1D, '(', 'k', 5, 0, '1', 80, '0', 'A', 'B', // fn 180: store
		0x1D, '(', 'k', 3, 0, '1', 81, '0', // fn 181: print
		0x1D, 'V', 66, 0,
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ESCPOS =\n% X\nwant\n% X", got, want)
	}
}

func TestESCPOSQRTooLong(t *testing.T) {
	_, err := Slip{Lines: []Line{{QR: strings.Repeat("x", 214)}}}.ESCPOS()
	if !errors.Is(err, ErrQRTooLong) {
		t.Fatalf("err = %v, want ErrQRTooLong", err)
	}
}

func TestRoundTrip(t *testing.T) {
	lines := []Line{
		{Text: "Velkommen til Borgerservice", Align: Center, Size: Double, Bold: true, Feed: 1},
		{Text: "Æbleø på Ærø – Åbningstid", Align: Left},
		{Text: "æøå ÆØÅ ü é", Align: Right, Size: Tall},
		{},
		{Rule: true, Feed: 3},
		{Text: "B042", Align: Center, Size: Huge},
		{QR: "https://example.dk/b/ABC123", Align: Center, Feed: 2},
		{Text: "Kode: 1234-5678", Bold: true},
	}
	b, err := Slip{Lines: lines}.ESCPOS()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(lines) {
		t.Fatalf("decoded %d lines, want %d: %+v", len(got), len(lines), got)
	}
	for i, l := range lines {
		want := l.canonical()
		want.Text = Printable(want.Text)
		if got[i].Line != want {
			t.Errorf("line %d = %+v, want %+v", i, got[i].Line, want)
		}
		if got[i].Cut != (i == len(lines)-1) {
			t.Errorf("line %d: Cut = %v", i, got[i].Cut)
		}
	}
	if got[1].Text != "Æbleø på Ærø - Åbningstid" {
		t.Errorf("dash not replaced: %q", got[1].Text)
	}
}

func TestESCPOSMultilineText(t *testing.T) {
	b, _ := Slip{Lines: []Line{{Text: "a\nb", Bold: true, Feed: 1}}}.ESCPOS()
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Text != "a" || got[1].Text != "b" || !got[1].Bold || got[1].Feed != 1 {
		t.Fatalf("decoded %+v", got)
	}
}

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"æøå ÆØÅ", "æøå ÆØÅ"},
		{"10–12 — ok", "10-12 - ok"},
		{"Pris: 5 €", "Pris: 5 EUR"},
		{"“citat” ‘x’", `"citat" 'x'`},
		{"vent…", "vent..."},
		{"Škoda Łódź", "Skoda ?ódz"}, // š, ź have a base letter; ł has none; ó is on the page
		{"a\u030a", "å"},             // NFD input prints as å
		{"hej 👋", "hej ?"},
		{"مرحبا", "?????"},
		{"x\x1b@y", "x?@y"}, // no command smuggled in text
		{"tab\there", "tab here"},
	} {
		if got := Printable(tc.in); got != tc.want {
			t.Errorf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOutsideCodePageStillPrints(t *testing.T) {
	b, err := Slip{Lines: []Line{{Text: "€ – 👋 مرحبا"}}}.ESCPOS()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil || len(got) != 1 || got[0].Text != "EUR - ? ?????" {
		t.Fatalf("decoded %+v, %v", got, err)
	}
}

func TestColumnsAndWidth(t *testing.T) {
	for _, tc := range []struct {
		size       Size
		cols, wide int
	}{{Normal, 42, 5}, {Tall, 42, 5}, {Double, 21, 10}, {Huge, 10, 20}} {
		if got := Columns(tc.size); got != tc.cols {
			t.Errorf("Columns(%d) = %d, want %d", tc.size, got, tc.cols)
		}
		if got := TextWidth("Kø€", tc.size); got != tc.wide { // prints "KøEUR"
			t.Errorf("TextWidth(Kø€, %d) = %d", tc.size, got)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in   string
		size Size
		want []string
	}{
		{"Tag en kølapp og vent til dit nummer bliver kaldt op", Double,
			[]string{"Tag en kølapp og vent", "til dit nummer bliver", "kaldt op"}},
		{"kort", Normal, []string{"kort"}},
		{"abcdefghijklmnop", Huge, []string{"abcdefghij", "klmnop"}},
		{"a\nb", Normal, []string{"a", "b"}},
	} {
		got := Wrap(tc.in, tc.size)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tc.in, tc.size, got, tc.want)
		}
		for _, l := range got {
			if TextWidth(l, tc.size) > Columns(Normal) {
				t.Errorf("line %q wider than the paper", l)
			}
		}
	}
}

// Any text prints: ESCPOS never fails on it, and what decodes is the text
// as Printable makes it, one line per "\n".
func FuzzESCPOSText(f *testing.F) {
	f.Add("Æbleø – 5 €", uint8(1), uint8(2))
	f.Add("\x1b@\x1dV\x00", uint8(9), uint8(9))
	f.Add("─────", uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, text string, size, align uint8) {
		b, err := Slip{Lines: []Line{{Text: text, Size: Size(size), Align: Align(align)}}}.ESCPOS()
		if err != nil {
			t.Fatalf("ESCPOS(%q): %v", text, err)
		}
		lines, err := Decode(b)
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		if text == "" {
			return
		}
		parts := strings.Split(Printable(text), "\n")
		if len(lines) != len(parts) {
			t.Fatalf("%d lines for %d parts of %q", len(lines), len(parts), text)
		}
		for i, p := range parts {
			if !lines[i].Rule && lines[i].Text != p {
				t.Fatalf("line %d = %q, want %q", i, lines[i].Text, p)
			}
		}
	})
}
