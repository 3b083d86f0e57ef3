package mrz

import (
	"fmt"
	"strings"
)

// ParseCAN reads a card access number: the 6 digits printed on the front of an
// identity card or passport data page, used as the PACE password (ICAO 9303-11, PACE,
// and BSI TR-03110). Surrounding white space is ignored.
func ParseCAN(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) != 6 {
		return "", fmt.Errorf("parse CAN of %d characters: %w", len(s), ErrInvalidCAN)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", fmt.Errorf("parse CAN: character %d is not a digit: %w", i+1, ErrInvalidCAN)
		}
	}
	return s, nil
}
