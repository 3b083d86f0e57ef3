package booking

import "testing"

func TestFirstNameMatches(t *testing.T) {
	tests := []struct {
		typed, given string
		want         bool
	}{
		{"Søren", "Søren", true},
		{"søren", "Søren Aabye", true},
		{"SØREN", "Søren", true},
		{"Soeren", "Søren", true}, // ICAO transliteration
		{"Soren", "Søren", true},  // foreign keyboard
		{"Søren", "Soeren", true}, // registry spelling transliterated
		{"Aase", "Åse", true},     // Å = AA
		{"Ase", "Åse", true},      // Å = A
		{"Æbbe", "Aebbe", true},   // Æ = AE
		{"Aebbe", "Æbbe", true},   // Æ = AE
		{"Zoe", "Zoë", true},      // accent
		{"Zoë", "Zoe", true},      // accent typed, plain stored
		{"Rene", "René", true},    // accent
		{"Anne Marie", "Anne-Marie Sofie", true},
		{"AnneMarie", "Anne Marie", true},
		{"Anne", "Anne-Marie", true},
		{"Anne-Marie", "Anne Marie Sofie", true},
		{"Marie", "Anne Marie", false}, // only leading given names count
		{"Søs", "Søren", false},
		{"Sørensen", "Søren", false},
		{"Jens", "Jens", true},
		{"", "Jens", false},
		{"  ", "Jens", false},
		{"Jens", "", false},
		{"A\u030ase", "Åse", true},
	}
	for _, tt := range tests {
		if got := FirstNameMatches(tt.typed, tt.given); got != tt.want {
			t.Errorf("FirstNameMatches(%q, %q) = %v, want %v", tt.typed, tt.given, got, tt.want)
		}
	}
}
