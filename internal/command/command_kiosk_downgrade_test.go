package command

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/storage"
)

// TestDowngradeRefused is what a package downgrade meets: a database a newer release has
// migrated. The kiosk must stop with status 1 and a sentence that says what to do, and the
// file must be left byte for byte as it was.
func TestDowngradeRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The schema number lives in the meta bucket, big-endian (storage/schema.go); a release
	// far in the future has one this binary cannot know.
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 1<<40))
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	var errb bytes.Buffer
	if code := Run([]string{"--data", dir}, nil, &bytes.Buffer{}, &errb); code != 1 {
		t.Fatalf("status %d, want 1; stderr %q", code, errb.String())
	}
	if msg := errb.String(); !strings.Contains(msg, "newer citizenkiosk") || !strings.Contains(msg, "install that release again") {
		t.Errorf("message %q does not tell the operator what happened and what to do", msg)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the newer database was modified by the older program")
	}
}
