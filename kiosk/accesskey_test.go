package kiosk

import (
	"strings"
	"testing"
)

func TestKeyFromFields(t *testing.T) {
	for _, tc := range []struct {
		number, birth, expiry string
		problems              int
	}{
		{"ab1234567", "850324", "320415", 0},
		{"L898902C", "690806", "940623", 0},
		{"", "850324", "320415", 1},
		{"AB12345678", "850324", "320415", 1}, // 10 characters
		{"AB-12345", "850324", "320415", 1},
		{"AB1234567", "851324", "320415", 1}, // month 13
		{"AB1234567", "850230", "320431", 2}, // 30 February, 31 April
		{"AB1234567", "000229", "320415", 0}, // 29 February exists in 2000
		{"AB1234567", "8503", "32041x", 2},
	} {
		key, problems := keyFromFields(tc.number, tc.birth, tc.expiry)
		if len(problems) != tc.problems {
			t.Errorf("%q %q %q: %d problems %q, want %d", tc.number, tc.birth, tc.expiry, len(problems), problems, tc.problems)
		}
		if tc.problems == 0 && key.DocumentNumber != strings.ToUpper(tc.number) {
			t.Errorf("key %+v", key)
		}
	}
}

func TestMRZComplete(t *testing.T) {
	td3 := strings.Repeat("P", 44) + "\n" + strings.Repeat("1", 44)
	td1 := strings.Repeat("I", 30) + "\n" + strings.Repeat("1", 30) + "\n" + strings.Repeat("<", 30)
	for text, want := range map[string]bool{
		td3 + "\n":          true,
		td3:                 false, // the scanner's last Enter has not come
		td1 + "\n":          true,
		td1[:60] + "\n":     false, // two lines of 30 are not an MRZ
		"\n\n":              false,
		td3 + "\r\n":        true,
		td3[:50] + "\n":     false,
		"  " + td3 + "  \n": true,
	} {
		if got := mrzComplete(text); got != want {
			t.Errorf("mrzComplete(%q) = %v, want %v", text, got, want)
		}
	}
}

// FuzzAccessKeyEntry: whatever a scanner or a person types, the key entry answers with a
// key or sentences, never panics, and never echoes what was typed.
func FuzzAccessKeyEntry(f *testing.F) {
	f.Add("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n", "L898902C3", "740812", "120415", "123456")
	f.Add("", "", "", "", "")
	f.Add("\n\n\n", "ÆØÅ", "991399", "000000", "12345a")
	f.Fuzz(func(t *testing.T, text, number, birth, expiry, can string) {
		_ = mrzComplete(text)
		for _, got := range [][]string{
			second(keyFromMRZText(text)), second(keyFromFields(number, birth, expiry)), second(keyFromCAN(can)),
		} {
			for _, p := range got {
				for _, typed := range []string{number, birth, expiry, can} {
					// Long enough and with a digit, so that no word of the sentences matches.
					if len(typed) >= 6 && strings.ContainsAny(typed, "0123456789") && !strings.Contains(typed, " ") &&
						strings.Contains(p, typed) {
						t.Fatalf("problem %q echoes the input %q", p, typed)
					}
				}
			}
		}
	})
}

func second[A, B any](_ A, b B) B { return b }
