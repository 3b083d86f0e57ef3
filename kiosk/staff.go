package kiosk

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// A staff PIN is configured as its PBKDF2-HMAC-SHA256 hash (RFC 8018 §5.2), written
//
//	pbkdf2-sha256$ITERATIONS$SALT$KEY
//
// with SALT and KEY in unpadded standard base64, so that a config file never holds a PIN.
// `citizenkiosk hash-pin` makes one.
const (
	pinHashScheme = "pbkdf2-sha256"
	// PINIterations is the PBKDF2 iteration count HashPIN uses: OWASP's 2023 figure for
	// PBKDF2-HMAC-SHA256. A check takes a few hundred milliseconds, off the UI goroutine.
	PINIterations = 600_000
	pinSaltLen    = 16
	pinKeyLen     = 32
	// minIterations refuses hashes too cheap to slow down a guesser; tests use it too.
	minIterations = 1_000
	// MinPINLength and MaxPINLength bound a PIN: digits only, typed on the keypad.
	MinPINLength = 4
	MaxPINLength = 8
)

// HashPIN returns the hash of pin, a string of MinPINLength to MaxPINLength digits, with a
// fresh random salt and iterations rounds (PINIterations if 0).
func HashPIN(pin string, iterations int) (string, error) {
	if !validPIN(pin) {
		return "", ErrInvalidPIN
	}
	if iterations == 0 {
		iterations = PINIterations
	}
	if iterations < minIterations {
		return "", fmt.Errorf("%w: fewer than %d iterations", ErrBadPINHash, minIterations)
	}
	salt := make([]byte, pinSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, pin, salt, iterations, pinKeyLen)
	if err != nil {
		return "", fmt.Errorf("hash PIN: %w", err)
	}
	b64 := base64.RawStdEncoding
	return strings.Join([]string{pinHashScheme, strconv.Itoa(iterations), b64.EncodeToString(salt), b64.EncodeToString(key)}, "$"), nil
}

// pinHash is a parsed staff PIN hash.
type pinHash struct {
	iterations int
	salt, key  []byte
}

func parsePINHash(s string) (pinHash, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 4 || parts[0] != pinHashScheme {
		return pinHash{}, fmt.Errorf("%w: want %s$ITERATIONS$SALT$KEY", ErrBadPINHash, pinHashScheme)
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < minIterations || n > 100_000_000 {
		return pinHash{}, fmt.Errorf("%w: iterations %q", ErrBadPINHash, parts[1])
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[2])
	if err != nil || len(salt) < 8 {
		return pinHash{}, fmt.Errorf("%w: salt", ErrBadPINHash)
	}
	key, err := b64.DecodeString(parts[3])
	if err != nil || len(key) < 16 {
		return pinHash{}, fmt.Errorf("%w: key", ErrBadPINHash)
	}
	return pinHash{iterations: n, salt: salt, key: key}, nil
}

// matches reports whether pin hashes to h, in time independent of where they differ.
func (h pinHash) matches(pin []byte) bool {
	key, err := pbkdf2.Key(sha256.New, string(pin), h.salt, h.iterations, len(h.key))
	return err == nil && subtle.ConstantTimeCompare(key, h.key) == 1
}

// CheckStaff checks a configured staff list: each staff number is digits (it is typed on
// the counter's keypad) and each hash is well formed. The error names the staff number,
// never anything of the hash.
func CheckStaff(staff map[string]string) error {
	if len(staff) == 0 {
		return fmt.Errorf("%w: no staff configured: no one could log in", ErrBadPINHash)
	}
	for id, h := range staff {
		if !digitsOnly(id) || len(id) > maxStaffIDLength {
			return fmt.Errorf("%w: staff number %q is not 1 to %d digits", ErrBadPINHash, id, maxStaffIDLength)
		}
		if _, err := parsePINHash(h); err != nil {
			return fmt.Errorf("staff %s: %w", id, err)
		}
	}
	return nil
}

// maxStaffIDLength bounds a staff number typed on the keypad.
const maxStaffIDLength = 8

// staffList holds the parsed hashes by staff number.
type staffList struct {
	hashes map[string]pinHash
	decoy  pinHash // checked for an unknown staff number, so that it takes as long
}

// newStaffList parses staff, leaving out entries that CheckStaff refuses.
func newStaffList(staff map[string]string) (staffList, []string) {
	l := staffList{hashes: make(map[string]pinHash, len(staff)),
		decoy: pinHash{iterations: PINIterations, salt: make([]byte, pinSaltLen), key: make([]byte, pinKeyLen)}}
	var refused []string
	for id, s := range staff {
		h, err := parsePINHash(s)
		if err != nil || !digitsOnly(id) {
			refused = append(refused, id)
			continue
		}
		l.hashes[id] = h
		l.decoy.iterations = h.iterations
	}
	return l, refused
}

// verify reports whether pin is the PIN of staff member id. It is slow on purpose.
func (l staffList) verify(id string, pin []byte) bool {
	h, ok := l.hashes[id]
	if !ok {
		l.decoy.matches(pin)
		return false
	}
	return h.matches(pin)
}

func validPIN(pin string) bool {
	return len(pin) >= MinPINLength && len(pin) <= MaxPINLength && digitsOnly(pin)
}

func digitsOnly(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
