package mrz

import "fmt"

// value is a character's value in the check digit sum (ICAO 9303-3 §4.9): digits as
// themselves, A-Z as 10-35, the filler '<' as 0. ok is false outside the alphabet.
func value(c byte) (v int, ok bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10, true
	case c == '<':
		return 0, true
	}
	return 0, false
}

// CheckDigit computes the check digit of s per ICAO 9303-3 §4.9: each character's value
// is multiplied by the weights 7, 3, 1 repeating, and the sum modulo 10 is the digit,
// returned as '0'..'9'. s must be upper-case MRZ characters.
func CheckDigit(s string) (byte, error) {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v, ok := value(s[i])
		if !ok {
			return 0, fmt.Errorf("check digit at position %d: %w", i+1, ErrBadCharacter)
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10), nil
}

// isAlphabet reports whether every byte of s is in the MRZ alphabet.
func isAlphabet(s string) bool {
	for i := 0; i < len(s); i++ {
		if _, ok := value(s[i]); !ok {
			return false
		}
	}
	return true
}
