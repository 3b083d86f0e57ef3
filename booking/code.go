package booking

import (
	"fmt"
	"strings"
	"unicode"
)

// A booking code is 8 decimal digits: a 7-digit serial and a check digit. Digits only,
// because the kiosk's touch screen offers a numeric keypad and a phone's dial pad is what
// citizens read it out on.
//
// The check digit is H. Michael Damm's (2004): the running value is looked up in a
// weakly totally anti-symmetric quasigroup of order 10, so that — unlike Luhn, which misses
// the transposition 09↔90, or a weighted modulus 11, which needs an 11th symbol — it detects
// every single-digit error and every transposition of adjacent digits with one decimal digit
// and no weights. Those two are the errors people make when they copy a number.
const (
	// CodeLength is the number of digits of a booking code, check digit included.
	CodeLength = 8
	// codeSerials is the number of distinct serials (7 digits).
	codeSerials = 10_000_000
)

// dammTable is the quasigroup of order 10 from Damm's thesis ("Total anti-symmetrische
// Quasigruppen", Marburg 2004), the one commonly published with the algorithm: each row and
// each column is a permutation of 0–9 and the main diagonal is 0, so a code followed by its
// check digit reduces to 0.
var dammTable = [10][10]byte{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

// damm returns the Damm interim digit of the ASCII digits in s: the check digit to append
// to s, or 0 if s already ends in a correct check digit. s must hold digits only.
func damm(s string) byte {
	var interim byte
	for i := 0; i < len(s); i++ {
		interim = dammTable[interim][s[i]-'0']
	}
	return interim
}

// DammDigit returns the Damm check digit ('0'–'9') for the decimal digits in s,
// and false if s holds anything but ASCII digits.
func DammDigit(s string) (byte, bool) {
	if !allDigits(s) {
		return 0, false
	}
	return '0' + damm(s), true
}

// ValidBookingCode reports whether code is exactly 8 ASCII digits with a correct check digit.
func ValidBookingCode(code string) bool {
	return len(code) == CodeLength && allDigits(code) && damm(code) == 0
}

// MakeBookingCode returns the booking code for serial n: n as 7 digits followed by its Damm
// check digit. n is taken modulo 10 000 000 (and its sign dropped), so any int gives a valid
// code; the central system hands out serials, this is for seeding demos and tests.
func MakeBookingCode(n int) string {
	n %= codeSerials
	if n < 0 {
		n = -n
	}
	serial := fmt.Sprintf("%07d", n)
	return serial + string('0'+damm(serial))
}

// ParseBookingCode normalises a code as a citizen types or reads it: it trims it, drops
// spaces and dashes (the confirmation prints "1234 5678", people type "1234-5678"), and
// checks that 8 digits remain with a correct check digit. It returns the 8 digits, or an
// error wrapping ErrInvalidCode that says what was wrong but not the input.
func ParseBookingCode(s string) (string, error) {
	var b strings.Builder
	b.Grow(CodeLength)
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if b.Len() == CodeLength {
				return "", fmt.Errorf("booking code: more than %d digits: %w", CodeLength, ErrInvalidCode)
			}
			b.WriteByte(byte(r))
		case isCodeSeparator(r):
		default:
			return "", fmt.Errorf("booking code: character %s is not a digit: %w", runeClass(r), ErrInvalidCode)
		}
	}
	code := b.String()
	if len(code) != CodeLength {
		return "", fmt.Errorf("booking code: %d digits, want %d: %w", len(code), CodeLength, ErrInvalidCode)
	}
	if damm(code) != 0 {
		return "", fmt.Errorf("booking code: check digit does not match: %w", ErrInvalidCode)
	}
	return code, nil
}

// FormatBookingCode groups a code for display as "1234 5678", the way the confirmation
// prints it. Anything that is not 8 characters is returned unchanged.
func FormatBookingCode(code string) string {
	if len(code) != CodeLength {
		return code
	}
	return code[:4] + " " + code[4:]
}

// isCodeSeparator reports whether r may appear between the digits of a typed code:
// any Unicode space (a pasted code can carry a no-break space) or dash.
func isCodeSeparator(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '\u2212' // minus sign
}

// runeClass describes r for an error message without repeating the input itself.
func runeClass(r rune) string {
	switch {
	case unicode.IsLetter(r):
		return "letter"
	case unicode.IsControl(r):
		return "control"
	case r == unicode.ReplacementChar:
		return "invalid UTF-8"
	}
	return "symbol"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
