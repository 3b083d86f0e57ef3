package printer

import (
	"errors"
	"testing"
)

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want error
		cmd  string
	}{
		{"lone ESC", []byte{0x1B}, ErrTruncated, "ESC"},
		{"ESC t without n", []byte{0x1B, 't'}, ErrTruncated, "ESC t"},
		{"GS V without m", []byte{0x1D, 'V'}, ErrTruncated, "GS V"},
		{"GS V 66 without n", []byte{0x1D, 'V', 66}, ErrTruncated, "GS V"},
		{"GS ( k short body", []byte{0x1D, '(', 'k', 5, 0, '1', 80}, ErrTruncated, "GS ( k"},
		{"store without m", []byte{0x1D, '(', 'k', 2, 0, '1', 80}, ErrTruncated, "GS ( k fn 180"},
		{"ESC p (pulse)", []byte{0x1B, 'p', 0, 25, 250}, ErrUnknownCommand, "ESC p"},
		{"code page 16", []byte{0x1B, 't', 16}, ErrUnknownCommand, "ESC t 16"},
		{"GS v 0 raster", []byte{0x1D, 'v', '0'}, ErrUnknownCommand, "GS v"},
		{"GS ! 3 × 1", []byte{0x1D, '!', 0x20}, ErrUnknownCommand, "GS ! 3×1"},
		{"PDF417", []byte{0x1D, '(', 'k', 3, 0, '0', 65, 0}, ErrUnknownCommand, "GS ( k (not QR)"},
		{"BEL", []byte{'a', 0x07}, ErrUnknownCommand, "0x07"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.Command != tc.cmd {
				t.Fatalf("err = %#v, want a *DecodeError for %q", err, tc.cmd)
			}
		})
	}
}

func TestDecodeOthersCommands(t *testing.T) {
	// ESC ! 0x38 (bold, double height and width), ESC a '1', CR LF, text
	// without a final LF, code page 437 by default.
	in := []byte{0x1B, '!', 0x38, 0x1B, 'a', '1', 'H', 'i', '\r', '\n', 0x1B, '@', 0x9B, 0x1B, 'd', 1}
	got, err := Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []DecodedLine{
		{Line: Line{Text: "Hi", Align: Center, Size: Double, Bold: true}},
		{Line: Line{Text: "¢", Feed: 1}}, // 0x9B is ¢ in code page 437
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Decode = %+v, want %+v", got, want)
	}
}

func FuzzDecode(f *testing.F) {
	b, _ := Slip{Lines: []Line{
		{Text: "Æble", Size: Huge, Bold: true, Align: Center, Feed: 2},
		{Rule: true}, {QR: "x"}, {},
	}}.ESCPOS()
	f.Add(b)
	f.Add([]byte{0x1D, '(', 'k', 0xFF, 0xFF})
	f.Add([]byte{0x1B, '!', 0xFF})
	f.Add([]byte{0x10, 0x04, 1, 0x10, 0x04, 9, 'a'}) // DLE EOT: a status question, then one not ours
	f.Fuzz(func(t *testing.T, in []byte) {
		lines, err := Decode(in)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || (!errors.Is(err, ErrTruncated) && !errors.Is(err, ErrUnknownCommand)) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// What decodes cleanly must encode and decode to the same lines.
		s := Slip{}
		for _, l := range lines {
			s.Lines = append(s.Lines, l.Line)
		}
		again, err := s.ESCPOS()
		if err != nil {
			return // e.g. a stored QR payload too long to print
		}
		if _, err := Decode(again); err != nil {
			t.Fatalf("re-encoded slip does not decode: %v", err)
		}
	})
}
