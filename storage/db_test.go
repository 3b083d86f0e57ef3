package storage

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

func fileDigest(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

func TestOpenLockedInProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	mustOpenAt(t, path)
	// flock(2) locks belong to the open file description, not the process, so a second
	// open in this process conflicts just as another process would.
	assertLocked(t, path)
}

func TestOpenLockedByOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := mustOpenAt(t, path)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHolderChild$")
	cmd.Env = append(os.Environ(), "CITIZENKIOSK_LOCK_CHILD_DB="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); _ = cmd.Wait() })
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "holding\n" {
		t.Fatalf("lock holder said %q, %v", line, err)
	}
	assertLocked(t, path)
}

// TestLockHolderChild runs only as TestOpenLockedByOtherProcess's subprocess: it holds the
// database open until its stdin closes.
func TestLockHolderChild(t *testing.T) {
	path := os.Getenv("CITIZENKIOSK_LOCK_CHILD_DB")
	if path == "" {
		t.Skip("runs as a subprocess of TestOpenLockedByOtherProcess")
	}
	db := mustOpenAt(t, path)
	fmt.Println("holding")
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = db.Close()
}

func assertLocked(t *testing.T, path string) {
	t.Helper()
	const timeout = 300 * time.Millisecond
	start := time.Now()
	_, err := Open(path, Options{Timeout: timeout})
	took := time.Since(start)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Fatalf("second Open = %v, want ErrLocked naming %s", err, path)
	}
	if took < timeout/2 || took > timeout+2*time.Second {
		t.Errorf("second Open gave up after %v, want about %v", took, timeout)
	}
}

// seededFile makes a closed database with some pages of data and returns its path.
func seededFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := Open(path, Options{KioskID: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	seedDay(t, db, testDay, 500)
	issueN(t, db, 20)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenCorrupt(t *testing.T) {
	const page = 4096
	tests := []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"garbage", func(b []byte) []byte {
			r := rand.New(rand.NewPCG(1, 2))
			for i := range b {
				b[i] = byte(r.Uint32())
			}
			return b
		}},
		{"wrong magic", func(b []byte) []byte {
			// bbolt's meta pages are pages 0 and 1; the magic follows the 16-byte page header.
			binary.LittleEndian.PutUint32(b[16:], 0xdeadbeef)
			binary.LittleEndian.PutUint32(b[page+16:], 0xdeadbeef)
			return b
		}},
		{"truncated to half", func(b []byte) []byte {
			// Half of the pages in use: bbolt grows a file mapped larger than it is (Open's
			// initialMmapSize) by 16 MiB at a time, and cutting only those zeros loses nothing.
			b = bytes.TrimRight(b, "\x00")
			return b[:len(b)/2]
		}},
		{"truncated to one page", func(b []byte) []byte { return b[:page] }},
		{"truncated inside the meta page", func(b []byte) []byte { return b[:100] }},
		{"root pages overwritten", func(b []byte) []byte {
			// Meta: 16-byte page header, magic, version, page size, flags, then the root
			// bucket's page id. Garbling the roots of both metas leaves the freelist intact,
			// so bbolt opens and the damage shows on the first read.
			r := rand.New(rand.NewPCG(5, 6))
			for _, meta := range []int{0, page} {
				root := int(binary.LittleEndian.Uint64(b[meta+32:]))
				for i := root * page; i < (root+1)*page && i < len(b); i++ {
					b[i] = byte(r.Uint32())
				}
			}
			return b
		}},
		{"data pages overwritten", func(b []byte) []byte {
			r := rand.New(rand.NewPCG(3, 4))
			for i := 2 * page; i < len(b); i++ {
				b[i] = byte(r.Uint32())
			}
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := seededFile(t)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.damage(b), 0o600); err != nil {
				t.Fatal(err)
			}
			before := fileDigest(t, path)

			db, err := Open(path, Options{KioskID: "k1", Timeout: 200 * time.Millisecond})
			if err == nil {
				// bbolt could not tell at open: the first read must report it, not panic.
				_, err = db.Tickets(testDay)
				if err == nil {
					_, err = db.AppointmentsByBirthDate(testDay, birthOf(3))
				}
				_ = db.Close()
			}
			t.Log(err)
			var ce *CorruptError
			if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ce) || ce.Path != path {
				t.Fatalf("Open = %v, want a CorruptError for %s", err, path)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "move it aside") {
				t.Errorf("message %q does not name the file and what to do", msg)
			}
			if fileDigest(t, path) != before {
				t.Error("Open changed the corrupt file")
			}
		})
	}
}

func TestOpenSchemaTooNew(t *testing.T) {
	path := seededFile(t)
	setSchema(t, path, latestVersion()+1)
	before := fileDigest(t, path)
	if _, err := Open(path, Options{KioskID: "k1"}); !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("Open = %v, want ErrSchemaTooNew", err)
	}
	if fileDigest(t, path) != before {
		t.Error("Open changed a newer program's file")
	}
}

func setSchema(t *testing.T, path string, v uint64) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(metaSchema, binary.BigEndian.AppendUint64(nil, v))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestOpenMigratesV0 opens a prototype file (version 0: only a services bucket, no meta,
// no key) and expects it brought to the current version with its data kept.
func TestOpenMigratesV0(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketServices)
		if err != nil {
			return err
		}
		return b.Put(u32(0), []byte(`{"ID":"pas","NameDA":"Pas","Prefix":"A"}`))
	})
	if err != nil || bdb.Close() != nil {
		t.Fatal(err)
	}

	db := mustOpenAt(t, path)
	if s, err := db.Services(); err != nil || len(s) != 1 || s[0].ID != "pas" {
		t.Fatalf("Services after migration = %v, %v", s, err)
	}
	err = db.bolt.View(func(tx *bolt.Tx) error {
		v, err := schemaVersion(tx)
		if v != latestVersion() {
			return fmt.Errorf("version %d, %v; want %d", v, err, latestVersion())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.IssueTicket(walkIn(testDay, "pas"), "A", booking.EventTicketIssued); err != nil {
		t.Errorf("IssueTicket after migration: %v", err)
	}
}

func TestMigrateInOrderAndAtomically(t *testing.T) {
	bdb, err := bolt.Open(filepath.Join(t.TempDir(), "m.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var ran []uint64
	step := func(v uint64, fail bool) migration {
		return migration{v, fmt.Sprint("step ", v), func(tx *bolt.Tx, _ *keyring) error {
			ran = append(ran, v)
			if _, err := tx.CreateBucketIfNotExists([]byte(fmt.Sprint("b", v))); err != nil {
				return err
			}
			if fail {
				return errors.New("step failed")
			}
			return nil
		}}
	}
	version := func() (v uint64) {
		_ = bdb.View(func(tx *bolt.Tx) error { v, _ = schemaVersion(tx); return nil })
		return v
	}

	// Steps 1 and 2 run in order; a failing step 3 rolls all of them back.
	steps := []migration{step(1, false), step(2, false), step(3, true)}
	if err := bdb.Update(func(tx *bolt.Tx) error { return migrate(tx, steps, nil) }); err == nil {
		t.Fatal("migrate with a failing step succeeded")
	}
	if !slices.Equal(ran, []uint64{1, 2, 3}) || version() != 0 {
		t.Fatalf("ran %v, version %d; want [1 2 3] and version 0 after rollback", ran, version())
	}
	_ = bdb.View(func(tx *bolt.Tx) error {
		if tx.Bucket([]byte("b1")) != nil {
			t.Error("step 1's bucket survived the rollback")
		}
		return nil
	})

	// Up to 2, then from 2 to 3: only the new step runs.
	ran = nil
	if err := bdb.Update(func(tx *bolt.Tx) error { return migrate(tx, steps[:2], nil) }); err != nil || version() != 2 {
		t.Fatalf("migrate to 2: %v, version %d", err, version())
	}
	steps[2] = step(3, false)
	if err := bdb.Update(func(tx *bolt.Tx) error { return migrate(tx, steps, nil) }); err != nil || version() != 3 {
		t.Fatalf("migrate to 3: %v, version %d", err, version())
	}
	if !slices.Equal(ran, []uint64{1, 2, 3}) {
		t.Errorf("ran %v, want [1 2 3]", ran)
	}
	// A list with a gap is a programming error, caught before anything runs.
	if err := bdb.Update(func(tx *bolt.Tx) error { return migrate(tx, []migration{step(2, false)}, nil) }); err == nil {
		t.Error("migrate accepted a list starting at version 2")
	}
}

func TestOpenLeavesCurrentFileUnchanged(t *testing.T) {
	path := seededFile(t)
	before := fileDigest(t, path)
	db := mustOpenAt(t, path)
	if _, err := db.Tickets(testDay); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fileDigest(t, path) != before {
		t.Error("opening and reading a current database wrote to it")
	}
}
