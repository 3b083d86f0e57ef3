package staffpin

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

// A staff PIN is configured as its PBKDF2-HMAC-SHA256 hash, written
//
//	pbkdf2-sha256$ITERATIONS$SALT$KEY
//
// with SALT and KEY in unpadded standard base64, so that a config file never holds a PIN.
const (
	scheme = "pbkdf2-sha256"
	// Iterations is the PBKDF2 iteration count Hash uses and the least the config accepts:
	// OWASP's 2023 figure for PBKDF2-HMAC-SHA256. A check takes a few hundred
	// milliseconds, which a counter does off the UI goroutine.
	Iterations = 600_000
	// MinIterations is the least Parse accepts at all: tests and the demo hash with few
	// iterations to stay fast, and the config demands Iterations on top (CheckStaff).
	MinIterations = 1_000
	maxIterations = 100_000_000 // a hash that would take minutes to check is refused
	saltLen       = 16
	keyLen        = 32
)

// Hash returns the hash of pin (MinLength to MaxLength digits) with a fresh random salt
// and iterations rounds (Iterations if 0). It does not judge the choice of PIN: Choose does.
func Hash(pin string, iterations int) (string, error) {
	if !ValidPIN(pin) {
		return "", ErrInvalidPIN
	}
	if iterations == 0 {
		iterations = Iterations
	}
	if iterations < MinIterations || iterations > maxIterations {
		return "", fmt.Errorf("%w: iterations outside %d to %d", ErrBadHash, MinIterations, maxIterations)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, pin, salt, iterations, keyLen)
	if err != nil {
		return "", fmt.Errorf("hash PIN: %w", err)
	}
	b64 := base64.RawStdEncoding
	return strings.Join([]string{scheme, strconv.Itoa(iterations), b64.EncodeToString(salt), b64.EncodeToString(key)}, "$"), nil
}

// Parsed is a parsed staff PIN hash. Its zero value matches no PIN.
type Parsed struct {
	iterations int
	salt, key  []byte
}

// Parse reads a hash as Hash writes it. The error says which part is wrong, never its value.
func Parse(s string) (Parsed, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 4 || parts[0] != scheme {
		return Parsed{}, fmt.Errorf("%w: want %s$ITERATIONS$SALT$KEY", ErrBadHash, scheme)
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < MinIterations || n > maxIterations {
		return Parsed{}, fmt.Errorf("%w: iterations not a number from %d to %d", ErrBadHash, MinIterations, maxIterations)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[2])
	if err != nil || len(salt) < 8 {
		return Parsed{}, fmt.Errorf("%w: salt", ErrBadHash)
	}
	key, err := b64.DecodeString(parts[3])
	if err != nil || len(key) < 16 {
		return Parsed{}, fmt.Errorf("%w: key", ErrBadHash)
	}
	return Parsed{iterations: n, salt: salt, key: key}, nil
}

// Iterations is the hash's cost.
func (h Parsed) Iterations() int { return h.iterations }

// Matches reports whether pin hashes to h, in time independent of where they differ.
func (h Parsed) Matches(pin []byte) bool {
	if h.iterations == 0 {
		return false
	}
	key, err := pbkdf2.Key(sha256.New, string(pin), h.salt, h.iterations, len(h.key))
	return err == nil && subtle.ConstantTimeCompare(key, h.key) == 1
}

// Decoy returns a hash that matches nothing and costs as much to check as one of
// iterations: checked for an unknown staff number, it keeps the answer's timing from
// telling which staff numbers exist.
func Decoy(iterations int) Parsed {
	return Parsed{iterations: max(iterations, MinIterations), salt: make([]byte, saltLen), key: make([]byte, keyLen)}
}
