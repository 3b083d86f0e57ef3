package api

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxKioskIDLen bounds a kiosk id; a longer one is refused rather than stored forever in
// the server's bucket of applied keys.
const MaxKioskIDLen = 64

// IDForm says in words what ValidKioskID and ValidSite accept, for error messages.
const IDForm = "1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not \".\" or \"..\""

// ValidKioskID reports whether id may be a kiosk id: 1 to MaxKioskIDLen characters from
// A–Z, a–z, 0–9, '.', '_' and '-', as the contract's key pattern allows, except "." and
// "..": the id is a segment of the heartbeat path, where a server's path cleaning turns
// those into another path (a redirect, 307), so such an id could never sync.
func ValidKioskID(id string) bool {
	if id == "" || len(id) > MaxKioskIDLen || id == "." || id == ".." {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// ValidSite reports whether site may name a site. A site is a path segment of the pull
// URLs just as a kiosk id is of the heartbeat's, so the same rule holds for both.
func ValidSite(site string) bool { return ValidKioskID(site) }

// MakeKey returns the idempotency key "KIOSK-ID/SEQUENCE".
func MakeKey(kioskID string, seq uint64) string {
	return kioskID + "/" + strconv.FormatUint(seq, 10)
}

// ParseKey splits an idempotency key "KIOSK-ID/SEQUENCE" (contract pattern
// ^[A-Za-z0-9._-]+/[0-9]+$). The sequence must fit a uint64 and have no leading zeros, so
// that each event has exactly one spelling of its key. Errors wrap ErrInvalidKey.
func ParseKey(key string) (kioskID string, seq uint64, err error) {
	id, num, ok := strings.Cut(key, "/")
	if !ok {
		return "", 0, fmt.Errorf("key has no '/': %w", ErrInvalidKey)
	}
	if !ValidKioskID(id) {
		return "", 0, fmt.Errorf("key's kiosk id is empty, too long or has a character outside [A-Za-z0-9._-]: %w", ErrInvalidKey)
	}
	if num == "" || (len(num) > 1 && num[0] == '0') || strings.IndexFunc(num, notDigit) >= 0 {
		return "", 0, fmt.Errorf("key's sequence is not a decimal number without leading zeros: %w", ErrInvalidKey)
	}
	seq, err = strconv.ParseUint(num, 10, 64)
	if err != nil {
		return "", 0, fmt.Errorf("key's sequence does not fit 64 bits: %w", ErrInvalidKey)
	}
	return id, seq, nil
}

func notDigit(r rune) bool { return r < '0' || r > '9' }
