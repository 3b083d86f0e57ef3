package booking

import (
	"errors"
	"math/rand/v2"
	"testing"
)

func TestDammVectors(t *testing.T) {
	tests := []struct {
		name, digits string
		want         byte
	}{
		// The worked example published with the algorithm: 5, 7, 2 → interim 9, 7, 4.
		{"Damm 572", "572", '4'},
		{"valid 5724 reduces to 0", "5724", '0'},
		{"empty", "", '0'},
		{"single zero", "0", '0'},
		{"single one", "1", '3'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := DammDigit(tt.digits)
			if !ok || got != tt.want {
				t.Errorf("DammDigit(%q) = %c, %v; want %c", tt.digits, got, ok, tt.want)
			}
		})
	}
	if _, ok := DammDigit("12a"); ok {
		t.Error("DammDigit accepted a letter")
	}
}

// TestDammTableIsQuasigroup checks the property the detection rests on: every row and
// column a permutation (single errors), zero diagonal, and weak total anti-symmetry
// (x*c)*y = (y*c)*x implies x = y (adjacent transpositions).
func TestDammTableIsQuasigroup(t *testing.T) {
	for i := 0; i < 10; i++ {
		var row, col [10]bool
		for j := 0; j < 10; j++ {
			row[dammTable[i][j]] = true
			col[dammTable[j][i]] = true
		}
		for v := 0; v < 10; v++ {
			if !row[v] || !col[v] {
				t.Fatalf("row or column %d is not a permutation", i)
			}
		}
		if dammTable[i][i] != 0 {
			t.Errorf("diagonal at %d is %d", i, dammTable[i][i])
		}
	}
	for c := 0; c < 10; c++ {
		for x := 0; x < 10; x++ {
			for y := 0; y < 10; y++ {
				if x != y && dammTable[dammTable[c][x]][y] == dammTable[dammTable[c][y]][x] {
					t.Errorf("transposition %d%d after interim %d not detected", x, y, c)
				}
			}
		}
	}
}

// TestBookingCodeDetectsErrors checks every single-digit error and every adjacent
// transposition of a sample of codes.
func TestBookingCodeDetectsErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		code := MakeBookingCode(rng.IntN(codeSerials))
		if !ValidBookingCode(code) {
			t.Fatalf("MakeBookingCode made invalid %s", code)
		}
		b := []byte(code)
		for i := range b {
			orig := b[i]
			for d := byte('0'); d <= '9'; d++ {
				if d == orig {
					continue
				}
				b[i] = d
				if ValidBookingCode(string(b)) {
					t.Fatalf("%s: single error at %d to %c not detected", code, i, d)
				}
			}
			b[i] = orig
		}
		for i := 0; i+1 < len(b); i++ {
			if b[i] == b[i+1] {
				continue
			}
			b[i], b[i+1] = b[i+1], b[i]
			if ValidBookingCode(string(b)) {
				t.Fatalf("%s: transposition at %d not detected", code, i)
			}
			b[i], b[i+1] = b[i+1], b[i]
		}
	}
}

func TestMakeBookingCode(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "00000000"},
		{572, "00005724"},
		{9_999_999, MakeBookingCode(9_999_999)},
		{10_000_572, "00005724"}, // modulo 10^7
		{-572, "00005724"},       // sign dropped
	}
	for _, tt := range tests {
		if got := MakeBookingCode(tt.n); got != tt.want || !ValidBookingCode(got) {
			t.Errorf("MakeBookingCode(%d) = %q, want valid %q", tt.n, got, tt.want)
		}
	}
}

func TestParseBookingCode(t *testing.T) {
	valid := MakeBookingCode(1234567) // "1234567" + check digit
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"plain", valid, valid, nil},
		{"as printed", FormatBookingCode(valid), valid, nil},
		{"dashes and padding", "  " + valid[:4] + "-" + valid[4:] + "\n", valid, nil},
		{"no-break space", valid[:4] + "\u00a0" + valid[4:], valid, nil},
		{"en dash", valid[:4] + "–" + valid[4:], valid, nil},
		{"seven digits", valid[:7], "", ErrInvalidCode},
		{"nine digits", valid + "0", "", ErrInvalidCode},
		{"letter", valid[:7] + "x", "", ErrInvalidCode},
		{"wrong check digit", valid[:7] + string('0'+(valid[7]-'0'+1)%10), "", ErrInvalidCode},
		{"transposed", valid[1:2] + valid[0:1] + valid[2:], "", ErrInvalidCode},
		{"empty", "", "", ErrInvalidCode},
		{"fullwidth digits", "１２３４５６７８", "", ErrInvalidCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBookingCode(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ParseBookingCode(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestFormatBookingCode(t *testing.T) {
	for in, want := range map[string]string{"12345678": "1234 5678", "123": "123", "": ""} {
		if got := FormatBookingCode(in); got != want {
			t.Errorf("FormatBookingCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseBookingCode(f *testing.F) {
	for _, s := range []string{"57240000", "0000 0000", "1234-5678", "", "x", "１２３", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParseBookingCode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidCode) {
				t.Fatalf("error %v does not wrap ErrInvalidCode", err)
			}
			return
		}
		if !ValidBookingCode(code) {
			t.Fatalf("accepted %q as %q, which does not re-validate", s, code)
		}
		if again, err := ParseBookingCode(FormatBookingCode(code)); err != nil || again != code {
			t.Fatalf("formatted %q does not parse back: %q, %v", code, again, err)
		}
	})
}
