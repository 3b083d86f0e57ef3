package storage

import (
	"bytes"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestOpenTightensPermissions leaves the data directory, the database and the key file
// readable by others, as a careless copy or umask would, and expects Open to make them the
// owner's alone and to say so, naming each.
func TestOpenTightensPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path, keyPath := filepath.Join(dir, "kiosk.db"), filepath.Join(dir, "seal.key")
	db := mustOpenAt(t, path)
	issueN(t, db, 2)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	loosen := map[string]fs.FileMode{dir: 0o755, path: 0o644, keyPath: 0o644}
	want := map[string]fs.FileMode{dir: 0o700, path: 0o600, keyPath: 0o600}
	for p, m := range loosen {
		if err := os.Chmod(p, m); err != nil {
			t.Fatal(err)
		}
	}

	var logs bytes.Buffer
	db, err := Open(path, Options{KioskID: "k1", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatalf("Open with loose permissions = %v, want them tightened", err)
	}
	for p, m := range want {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != m {
			t.Errorf("%s has mode %04o after Open, want %04o", p, fi.Mode().Perm(), m)
		}
		if !strings.Contains(logs.String(), "path="+p+" was=") {
			t.Errorf("no warning names %s; logged:\n%s", p, logs.String())
		}
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 3 {
		t.Errorf("%d warnings, want 3:\n%s", n, logs.String())
	}
	if pending, _, err := db.OutboxStats(); err != nil || pending != 2 {
		t.Errorf("outbox after tightening: %d, %v; want the 2 events kept", pending, err)
	}

	// A private setup is opened without a word.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	db, err = Open(path, Options{KioskID: "k1", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if logs.Len() != 0 {
		t.Errorf("Open of a private setup logged %q", logs.String())
	}
}

// TestOpenLostDatabase empties or removes kiosk.db beside its key file. bbolt alone would
// make a new database and the tickets and pending events would be gone without a word.
func TestOpenLostDatabase(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, path string)
		want   string
	}{
		{"empty", func(t *testing.T, p string) { mustWrite(t, p, nil) }, "is empty (0 bytes)"},
		{"missing", func(t *testing.T, p string) { mustRemove(t, p) }, "is missing"},
		{"blank", func(t *testing.T, p string) {
			// A valid bbolt file with nothing in it, as a tool or a restore script might make.
			mustRemove(t, p)
			bdb, err := bolt.Open(p, 0o600, nil)
			if err != nil || bdb.Close() != nil {
				t.Fatal(err)
			}
		}, "holds no kiosk database"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := seededFile(t)
			keyPath := filepath.Join(filepath.Dir(path), "seal.key")
			tt.damage(t, path)
			before := ""
			if tt.name != "missing" {
				before = fileDigest(t, path)
			}
			_, err := Open(path, Options{KioskID: "k1"})
			var lost *LostError
			if !errors.Is(err, ErrDatabaseLost) || !errors.As(err, &lost) || lost.Path != path || lost.KeyFile != keyPath {
				t.Fatalf("Open = %v, want a LostError for %s and %s", err, path, keyPath)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, tt.want) || !strings.Contains(msg, "move the key file aside") {
				t.Errorf("message %q does not name the file, what is wrong and what to do", msg)
			}
			switch tt.name {
			case "missing":
				if fi, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("Open made a new file: %v, %v", fi, err)
				}
			default:
				if fileDigest(t, path) != before {
					t.Error("Open wrote to the file")
				}
			}

			// The way out the message gives: move the key aside, and a new database is made.
			if err := os.Rename(keyPath, keyPath+".old"); err != nil {
				t.Fatal(err)
			}
			db := mustOpenAt(t, path)
			if got, err := db.Tickets(testDay); err != nil || len(got) != 0 {
				t.Errorf("new database has tickets %v, %v", got, err)
			}
		})
	}
}

// Without a key file an empty kiosk.db is no loss: a kill during the very first Open, after
// bbolt made the file and before it wrote its first pages, leaves exactly that. It must start.
func TestOpenNewDatabaseWithoutKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	mustWrite(t, path, nil)
	db := mustOpenAt(t, path)
	issueN(t, db, 1)
}

// TestOpenRefusesWhatItCannotTighten: when chmod fails (another user owns the directory),
// Open refuses, naming the path, its mode and the mode it needs, and opens nothing.
func TestOpenRefusesWhatItCannotTighten(t *testing.T) {
	path := seededFile(t)
	dir := filepath.Dir(path)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	chmod = func(string, fs.FileMode) error { return fs.ErrPermission }
	t.Cleanup(func() { chmod = os.Chmod })
	before := fileDigest(t, path)
	_, err := Open(path, Options{KioskID: "k1", Logger: quiet})
	var pe *PermissionError
	if !errors.Is(err, ErrPermissions) || !errors.As(err, &pe) || pe.Path != dir || pe.Mode != 0o755 {
		t.Fatalf("Open = %v, want a PermissionError for %s at 0755", err, dir)
	}
	if msg := err.Error(); !strings.Contains(msg, dir) || !strings.Contains(msg, "0755") || !strings.Contains(msg, "0700") {
		t.Errorf("message %q does not name the directory, its mode and the one needed", msg)
	}
	if fileDigest(t, path) != before {
		t.Error("the refused Open changed the database")
	}
}

// A loose directory that is not the kiosk's alone (data_dir set to /tmp, /var/lib or a home
// directory) is refused and left as it is: tightening it would break other programs.
func TestOpenLeavesSharedDirectory(t *testing.T) {
	for _, tt := range []struct {
		name  string
		mode  fs.FileMode
		other string // a file of another program in the directory
		why   string
	}{
		{"world-writable and sticky", 0o777 | fs.ModeSticky, "", "shared directory"},
		{"another program's file", 0o755, "postgresql", `"postgresql"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := seededFile(t)
			dir := filepath.Dir(path)
			if tt.other != "" {
				mustWrite(t, filepath.Join(dir, tt.other), nil)
			}
			if err := os.Chmod(dir, tt.mode); err != nil {
				t.Fatal(err)
			}
			_, err := Open(path, Options{KioskID: "k1", Logger: quiet})
			var pe *PermissionError
			if !errors.As(err, &pe) || pe.Path != dir || !strings.Contains(err.Error(), tt.why) {
				t.Fatalf("Open = %v, want a PermissionError for %s saying %s", err, dir, tt.why)
			}
			if fi, err := os.Stat(dir); err != nil || fi.Mode()&(fs.ModePerm|fs.ModeSticky) != tt.mode {
				t.Errorf("directory mode now %v, %v; want it left at %v", fi.Mode(), err, tt.mode)
			}
		})
	}
}

// TestOpenAfterFirstStartCut: a first Open killed after it committed the schema and before
// it wrote the key file leaves a schema, no key check and no key. That is a new database
// still, and the next Open completes it.
func TestOpenAfterFirstStartCut(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := newKeyring(make([]byte, keySize))
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error { return migrate(tx, migrations, keys) }); err != nil || bdb.Close() != nil {
		t.Fatal(err)
	}
	db := mustOpenAt(t, path)
	issueN(t, db, 1)
	if _, err := os.Stat(filepath.Join(dir, "seal.key")); err != nil {
		t.Errorf("no key file after the first start completed: %v", err)
	}
}
