package seal

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ReadKeyFile reads an existing key file. A missing one is ErrKeyMissing, so that the
// caller decides whether making a new key is safe (it is not once anything was sealed).
func ReadKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", path, ErrKeyMissing)
	case err != nil:
		return nil, fmt.Errorf("%s: %w: %w", path, ErrKeyInvalid, err)
	case len(b) != KeySize:
		return nil, fmt.Errorf("%s: %w: %d bytes, want %d", path, ErrKeyInvalid, len(b), KeySize)
	}
	return b, nil
}

// CreateKeyFile writes KeySize random bytes to path with mode 0600 and returns them. It
// writes a temporary file, syncs it and links it into place: a crash leaves no key file or
// a whole one, and an existing key file is never replaced (the link fails), not even by a
// second process racing to create it.
func CreateKeyFile(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	_, _ = rand.Read(key)
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".seal-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.Write(key)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("create key file %s: %w", path, err)
	}
	return key, nil
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
