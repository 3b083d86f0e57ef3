package storage

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// keySize is the length of the key file: one AES-256 key's worth of randomness, from which
// the sealing and index keys are derived.
const keySize = 32

// HKDF labels. Distinct labels make the sealing key, the index key and the key check
// independent, so learning one (e.g. the check value in the file) says nothing of the others.
const (
	labelSeal  = "citizenkiosk/storage/v1 seal"
	labelIndex = "citizenkiosk/storage/v1 index"
	labelCheck = "citizenkiosk/storage/v1 key check"
)

// keyring holds what the key file derives: an AEAD for personal fields and an HMAC key for
// the birth-date index.
type keyring struct {
	aead     cipher.AEAD
	indexKey []byte
	check    []byte // stored in meta to tell a wrong key from a corrupt value
}

func newKeyring(master []byte) (*keyring, error) {
	derive := func(label string) ([]byte, error) {
		return hkdf.Key(sha256.New, master, nil, label, keySize)
	}
	sealKey, err := derive(labelSeal)
	if err != nil {
		return nil, fmt.Errorf("derive sealing key: %w", err)
	}
	indexKey, err := derive(labelIndex)
	if err != nil {
		return nil, fmt.Errorf("derive index key: %w", err)
	}
	check, err := derive(labelCheck)
	if err != nil {
		return nil, fmt.Errorf("derive key check: %w", err)
	}
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return nil, fmt.Errorf("sealing cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("sealing cipher: %w", err)
	}
	return &keyring{aead: aead, indexKey: indexKey, check: check}, nil
}

// seal encrypts plaintext for the value at bucket/key. Binding the location as associated
// data means a sealed value copied to another record fails to open instead of silently
// giving one citizen's data to another appointment.
func (k *keyring) seal(bucket, key, plaintext []byte) []byte {
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plaintext)+k.aead.Overhead())
	// crypto/rand.Read never fails on supported platforms (Go 1.24+); it crashes instead.
	_, _ = rand.Read(nonce)
	return k.aead.Seal(nonce, nonce, plaintext, sealAD(bucket, key))
}

// open reverses seal; it fails with ErrUnseal if the value was altered, moved or sealed
// with another key.
func (k *keyring) open(bucket, key, sealed []byte) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(sealed) < n+k.aead.Overhead() {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrUnseal, len(sealed))
	}
	plain, err := k.aead.Open(nil, sealed[:n], sealed[n:], sealAD(bucket, key))
	if err != nil {
		return nil, ErrUnseal
	}
	return plain, nil
}

// sealAD is bucket name, a zero byte, and the key: unambiguous because bucket names have
// no zero byte.
func sealAD(bucket, key []byte) []byte {
	ad := make([]byte, 0, len(bucket)+1+len(key))
	ad = append(ad, bucket...)
	ad = append(ad, 0)
	return append(ad, key...)
}

// birthTag is the index tag for a birth date on a day: an HMAC, so the file holds nothing
// from which the date can be recovered without the key. The day is mixed in so that one
// citizen's tags on different days cannot be linked.
func (k *keyring) birthTag(day, birth string) []byte {
	m := hmac.New(sha256.New, k.indexKey)
	m.Write([]byte(day))
	m.Write([]byte{0})
	m.Write([]byte(birth))
	return m.Sum(nil)[:birthTagSize]
}

// birthTagSize truncates the HMAC: 128 bits keep collisions out of reach while the index
// stays small.
const birthTagSize = 16

// readKeyFile reads an existing key file. A missing file is reported as ErrKeyMissing so
// that the caller can decide whether making a new one is allowed.
func readKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &KeyError{Path: path, Err: ErrKeyMissing}
	case err != nil:
		return nil, &KeyError{Path: path, Err: fmt.Errorf("%w: %w", ErrKeyInvalid, err)}
	case len(b) != keySize:
		return nil, &KeyError{Path: path, Err: fmt.Errorf("%w: %d bytes, want %d", ErrKeyInvalid, len(b), keySize)}
	}
	return b, nil
}

// createKeyFile writes key to path with mode 0600. It writes a temporary file, syncs it and
// links it into place, so a crash leaves either no key file or a whole one, and an existing
// key file is never overwritten.
func createKeyFile(path string, key []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".seal-*.tmp")
	if err != nil {
		return fmt.Errorf("create sealing key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("create sealing key: %w", err)
	}
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return fmt.Errorf("create sealing key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("create sealing key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("create sealing key: %w", err)
	}
	// Link fails if path exists, unlike Rename: two processes racing to create a key
	// cannot replace each other's.
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("create sealing key: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("create sealing key: %w", err)
	}
	return nil
}

// syncDir makes a new directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
