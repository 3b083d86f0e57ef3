package storage

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A lockout written before a restart is there after it, per staff number.
func TestPINLockSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	until := time.Date(2026, 12, 2, 9, 2, 30, 0, time.UTC)
	db, err := Open(path, Options{KioskID: "k1", Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if n, u, err := db.PINLock("1042"); err != nil || n != 0 || !u.IsZero() {
		t.Fatalf("fresh database: %d, %v, %v", n, u, err)
	}
	if err := db.SetPINLock("1042", 4, until); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPINLock("7", 1, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path)
	if n, u, err := db.PINLock("1042"); err != nil || n != 4 || !u.Equal(until) {
		t.Errorf("after reopening: %d failures until %v (%v), want 4 until %v", n, u, err, until)
	}
	if n, u, err := db.PINLock("7"); err != nil || n != 1 || !u.IsZero() {
		t.Errorf("staff 7: %d until %v (%v), want 1 and no lockout", n, u, err)
	}
	// A right PIN clears the entry.
	if err := db.SetPINLock("1042", 0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if n, u, err := db.PINLock("1042"); err != nil || n != 0 || !u.IsZero() {
		t.Errorf("after clearing: %d until %v (%v)", n, u, err)
	}
}

func TestPINLockRefuses(t *testing.T) {
	db := mustOpen(t)
	for _, staff := range []string{"", string(make([]byte, 65))} {
		if err := db.SetPINLock(staff, 1, time.Time{}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("SetPINLock(%d bytes) = %v", len(staff), err)
		}
		if _, _, err := db.PINLock(staff); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("PINLock(%d bytes) = %v", len(staff), err)
		}
	}
	if err := db.SetPINLock("1", -1, time.Time{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("negative failures: %v", err)
	}
	// A damaged entry is reported, not read as "no lockout".
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketPINLock)
		if err != nil {
			return err
		}
		return b.Put([]byte("1042"), []byte{9, 9})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.PINLock("1042"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged entry: %v, want ErrCorrupt", err)
	}
}
