package staffpin

import (
	"fmt"
	"strings"
)

// Bounds of what is typed on the counter's keypad.
const (
	MinLength            = 4 // digits of a PIN
	MaxLength            = 8
	MaxStaffNumberLength = 8
)

// ValidPIN reports whether pin is MinLength to MaxLength digits.
func ValidPIN(pin string) bool {
	return len(pin) >= MinLength && len(pin) <= MaxLength && digitsOnly(pin)
}

// ValidStaffNumber reports whether id is 1 to MaxStaffNumberLength digits.
func ValidStaffNumber(id string) bool {
	return len(id) <= MaxStaffNumberLength && digitsOnly(id)
}

// Choose checks a PIN that staff member staff wants: it must be valid and not one of
// the first a guesser tries. The lockout allows a guesser a few tries an hour; these few
// PINs would fall within them. The error names the rule, never the PIN.
func Choose(pin, staff string) error {
	switch {
	case !ValidPIN(pin):
		return ErrInvalidPIN
	case pin == staff:
		return fmt.Errorf("%w: it is the staff number", ErrTrivialPIN)
	case strings.Count(pin, pin[:1]) == len(pin):
		return fmt.Errorf("%w: one digit repeated", ErrTrivialPIN)
	case isRun(pin, 1), isRun(pin, 9):
		return fmt.Errorf("%w: digits counting up or down in a row", ErrTrivialPIN)
	}
	return nil
}

// isRun reports whether each digit of pin is the one before plus step, modulo 10: step 1
// finds 1234 and 7890, step 9 (that is, -1) finds 4321 and 0987.
func isRun(pin string, step byte) bool {
	for i := 1; i < len(pin); i++ {
		if (pin[i-1]-'0'+step)%10 != pin[i]-'0' {
			return false
		}
	}
	return true
}

// CheckStaff checks a configured staff table: each staff number is digits (it is typed on
// the keypad), each hash is well formed and costs at least minIterations. The error names
// the staff number, never anything of the hash.
func CheckStaff(staff map[string]string, minIterations int) error {
	if len(staff) == 0 {
		return fmt.Errorf("%w: no staff configured: no one could log in", ErrBadHash)
	}
	for id, s := range staff {
		if !ValidStaffNumber(id) {
			return fmt.Errorf("%w: staff number %q is not 1 to %d digits", ErrBadHash, id, MaxStaffNumberLength)
		}
		h, err := Parse(s)
		if err != nil {
			return fmt.Errorf("staff %s: %w", id, err)
		}
		if h.iterations < minIterations {
			return fmt.Errorf("staff %s: %w: %d iterations, at least %d needed: make it again with citizenkiosk hash-pin",
				id, ErrWeakHash, h.iterations, minIterations)
		}
	}
	return nil
}

func digitsOnly(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
