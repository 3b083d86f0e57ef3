package storage

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func mustKeyring(t testing.TB, seed byte) *keyring {
	t.Helper()
	k, err := newKeyring(bytes.Repeat([]byte{seed}, keySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSeal(t *testing.T) {
	k := mustKeyring(t, 1)
	plain := []byte(`{"g":"Søren","b":"1969-08-06"}`)
	sealed := k.seal(bucketAppointments, []byte("id-1"), plain)
	if bytes.Contains(sealed, []byte("Søren")) {
		t.Fatal("sealed value contains the plaintext")
	}
	if again := k.seal(bucketAppointments, []byte("id-1"), plain); bytes.Equal(again, sealed) {
		t.Error("two seals of one value are equal: nonce not random")
	}
	got, err := k.open(bucketAppointments, []byte("id-1"), sealed)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("open = %q, %v", got, err)
	}
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	tests := []struct {
		name   string
		k      *keyring
		bucket []byte
		key    []byte
		sealed []byte
	}{
		{"other key", k, bucketAppointments, []byte("id-2"), sealed},
		{"other bucket", k, bucketTickets, []byte("id-1"), sealed},
		{"bucket and key shifted", k, []byte("appointmentsi"), []byte("d-1"), sealed},
		{"other sealing key", mustKeyring(t, 2), bucketAppointments, []byte("id-1"), sealed},
		{"tampered", k, bucketAppointments, []byte("id-1"), tampered},
		{"short", k, bucketAppointments, []byte("id-1"), sealed[:20]},
		{"empty", k, bucketAppointments, []byte("id-1"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.k.open(tt.bucket, tt.key, tt.sealed); !errors.Is(err, ErrUnseal) {
				t.Errorf("open = %v, want ErrUnseal", err)
			}
		})
	}
}

func TestKeysAreDistinct(t *testing.T) {
	k := mustKeyring(t, 7)
	if bytes.Equal(k.indexKey, k.check) {
		t.Fatal("index key equals key check")
	}
	if bytes.Equal(k.birthTag("2026-11-25", "1969-08-06"), k.birthTag("2026-11-26", "1969-08-06")) {
		t.Error("birth tags of one date on two days are equal: linkable across days")
	}
	if bytes.Equal(k.birthTag(testDay, "1969-08-06"), mustKeyring(t, 8).birthTag(testDay, "1969-08-06")) {
		t.Error("birth tag does not depend on the key")
	}
}

// TestSealedRecordMovedFails copies one appointment's stored bytes over another's: the
// citizen must not open under the other id.
func TestSealedRecordMovedFails(t *testing.T) {
	db := mustOpen(t)
	appts := seedDay(t, db, testDay, 2)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAppointments)
		return b.Put([]byte(appts[1].ID), bytes.Clone(b.Get([]byte(appts[0].ID))))
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AppointmentByCode(appts[1].Code)
	var ce *CorruptError
	if !errors.Is(err, ErrUnseal) || !errors.As(err, &ce) {
		t.Fatalf("AppointmentByCode after moving a record = %v, want ErrUnseal in a CorruptError", err)
	}
	if _, err := db.AppointmentByCode(appts[0].Code); err != nil {
		t.Errorf("untouched record: %v", err)
	}
}

func TestKeyFile(t *testing.T) {
	t.Run("created for a new database", func(t *testing.T) {
		dir := t.TempDir()
		mustOpenAt(t, filepath.Join(dir, "kiosk.db"))
		fi, err := os.Stat(filepath.Join(dir, "seal.key"))
		if err != nil || fi.Size() != keySize || fi.Mode().Perm() != 0o600 {
			t.Fatalf("key file = %v, %v; want %d bytes, mode 0600", fi, err, keySize)
		}
	})

	tests := []struct {
		name   string
		damage func(t *testing.T, keyPath string)
		want   error
	}{
		{"missing", func(t *testing.T, p string) { mustRemove(t, p) }, ErrKeyMissing},
		{"short", func(t *testing.T, p string) { mustWrite(t, p, make([]byte, 16)) }, ErrKeyInvalid},
		{"long", func(t *testing.T, p string) { mustWrite(t, p, make([]byte, 33)) }, ErrKeyInvalid},
		{"unreadable", func(t *testing.T, p string) { mustRemove(t, p); mustMkdir(t, p) }, ErrKeyInvalid},
		{"another kiosk's", func(t *testing.T, p string) { mustWrite(t, p, bytes.Repeat([]byte{9}, keySize)) }, ErrKeyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path, keyPath := filepath.Join(dir, "kiosk.db"), filepath.Join(dir, "seal.key")
			db, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			seedDay(t, db, testDay, 3)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			tt.damage(t, keyPath)
			before := fileDigest(t, path)

			_, err = Open(path, Options{})
			var ke *KeyError
			if !errors.Is(err, tt.want) || !errors.As(err, &ke) || ke.Path != keyPath {
				t.Fatalf("Open = %v, want %v in a KeyError for %s", err, tt.want, keyPath)
			}
			if fileDigest(t, path) != before {
				t.Error("Open changed the database file")
			}
			if tt.want == ErrKeyMissing {
				if _, err := os.Stat(keyPath); !errors.Is(err, os.ErrNotExist) {
					t.Error("Open made a new key for a database with sealed data")
				}
			}
		})
	}
}

func mustRemove(t *testing.T, p string) {
	t.Helper()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func mustMkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.Mkdir(p, 0o700); err != nil {
		t.Fatal(err)
	}
}
