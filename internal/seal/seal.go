// Package seal encrypts personal data at rest: AES-256-GCM under a key derived from a key
// file, with associated data that binds each sealed value to where it is stored, so a value
// copied to another record fails to open instead of passing for that record's data.
//
// The key lives in a file of its own (32 random bytes, mode 0600), away from the database
// it protects: a copy of the database alone reveals nothing. centrald seals with it; the
// kiosk's storage package keeps the same construction in its own keyring.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// KeySize is the length of a key file: one AES-256 key's worth of randomness.
const KeySize = 32

// These errors are returned wrapped; test for them with errors.Is.
var (
	// ErrKeyMissing is returned by ReadKeyFile when the key file does not exist.
	ErrKeyMissing = errors.New("seal: key file is missing")
	// ErrKeyInvalid is returned by ReadKeyFile when the file cannot be read or has the
	// wrong length.
	ErrKeyInvalid = errors.New("seal: key file is invalid")
	// ErrOpen is returned by Open when a sealed value fails authentication: it was altered,
	// moved to another place (other associated data) or sealed under another key.
	ErrOpen = errors.New("seal: sealed value failed authentication")
)

// Sealer seals and opens values under one key. It is safe for concurrent use.
type Sealer struct {
	aead  cipher.AEAD
	check []byte
}

// New derives a Sealer from a key file's bytes. label names the program and version of the
// layout ("citizenkiosk/centrald/v1"): distinct labels give independent keys, so the same
// key file used by two programs never seals one's values so the other opens them.
func New(master []byte, label string) (*Sealer, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("%w: %d bytes, want %d", ErrKeyInvalid, len(master), KeySize)
	}
	key, err := hkdf.Key(sha256.New, master, nil, label+" seal", KeySize)
	if err != nil {
		return nil, fmt.Errorf("seal: derive key: %w", err)
	}
	check, err := hkdf.Key(sha256.New, master, nil, label+" key check", KeySize)
	if err != nil {
		return nil, fmt.Errorf("seal: derive key check: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("seal: cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("seal: cipher: %w", err)
	}
	return &Sealer{aead: aead, check: check}, nil
}

// Check is a value derived from the key independently of the sealing key. A database keeps
// it in clear to tell "opened with another key file" from "a value was damaged".
func (s *Sealer) Check() []byte { return append([]byte(nil), s.check...) }

// Seal encrypts plaintext bound to ad: a random 12-byte nonce, then the ciphertext and tag.
// Random nonces are safe for 2^32 values under one key (NIST SP 800-38D §8.3), far more
// than a server seals.
func (s *Sealer) Seal(ad, plaintext []byte) []byte {
	n := s.aead.NonceSize()
	out := make([]byte, n, n+len(plaintext)+s.aead.Overhead())
	// crypto/rand.Read never returns an error on supported platforms (Go 1.24+).
	_, _ = rand.Read(out)
	return s.aead.Seal(out, out[:n], plaintext, ad)
}

// Open reverses Seal; it fails with ErrOpen unless sealed is intact, under this key and
// bound to ad.
func (s *Sealer) Open(ad, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrOpen, len(sealed))
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], ad)
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// AD is associated data naming a place: parts joined by zero bytes. Parts must hold no zero
// byte (bucket names, ids), which keeps the joining unambiguous.
func AD(parts ...[]byte) []byte {
	size := len(parts)
	for _, p := range parts {
		size += len(p)
	}
	ad := make([]byte, 0, size)
	for i, p := range parts {
		if i > 0 {
			ad = append(ad, 0)
		}
		ad = append(ad, p...)
	}
	return ad
}
