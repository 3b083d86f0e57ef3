package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// checkFiles runs before bbolt touches anything. It tightens a data directory, database or
// key file that other users could read, and refuses a database that is gone or emptied
// while its key file says one was made here, because bbolt would quietly make a new one.
func checkFiles(path, keyFile string, log *slog.Logger) error {
	dir := filepath.Dir(path)
	// The directory first: while others can enter it, they could open a file in the moment
	// before that file's own mode is tightened.
	for _, f := range []struct {
		path string
		want fs.FileMode
		dir  bool
	}{{dir, 0o700, true}, {path, 0o600, false}, {keyFile, 0o600, false}} {
		if err := tighten(f.path, f.want, f.dir, log); err != nil {
			return err
		}
	}

	if _, err := os.Stat(keyFile); err != nil {
		// No key file: the database is new, or from before sealing, or the key is lost;
		// prepare tells those apart with the key check stored in the file.
		return nil
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &LostError{Path: path, KeyFile: keyFile, Missing: true}
	case err != nil:
		return fmt.Errorf("open database %s: %w", path, err)
	case info.Mode().IsRegular() && info.Size() == 0:
		// bbolt writes its first pages and syncs them before its Open returns, and the key
		// file is written only after the schema is committed (makeKey), so a key beside an
		// empty file means the file lost its data.
		return &LostError{Path: path, KeyFile: keyFile}
	}
	return nil
}

// chmod is os.Chmod; a test replaces it to see a refusal, which root (who runs the tests
// in CI) never meets.
var chmod = os.Chmod

// tighten clears the group and other bits of an existing file or directory and logs that it
// did. It returns a *PermissionError if it cannot, for example when another user owns it.
// A missing path is left for Open to create (with the right mode) or report.
func tighten(path string, want fs.FileMode, dir bool, log *slog.Logger) error {
	info, err := os.Stat(path)
	if err != nil || info.IsDir() != dir {
		return nil // missing, or not what it should be: the open that follows reports it
	}
	mode := info.Mode().Perm()
	if mode&0o077 == 0 {
		return nil
	}
	if dir {
		if err := ownDirectory(path, info); err != nil {
			return &PermissionError{Path: path, Mode: mode, Want: want, Err: err}
		}
	}
	// Keep the owner's bits as they are: tightening must not make a read-only file
	// writable. A directory must stay searchable by its owner.
	next := mode &^ 0o077
	if dir {
		next |= 0o700
	}
	// A setgid directory keeps the bit, so files made in it keep their group.
	if err := chmod(path, next|info.Mode()&fs.ModeSetgid); err != nil {
		return &PermissionError{Path: path, Mode: mode, Want: want, Err: err}
	}
	log.Warn("storage: tightened permissions that let other users read the kiosk's data",
		"path", path, "was", fmt.Sprintf("%04o", mode), "now", fmt.Sprintf("%04o", next))
	return nil
}

// ownDirectory says why a loose data directory must not be chmod'ed, or nil: one that is
// shared (world-writable or sticky, like /tmp) or holds anything but the kiosk's files
// (data_dir set to /var/lib or a home directory by mistake) would break other programs.
func ownDirectory(dir string, info fs.FileInfo) error {
	if info.Mode()&fs.ModeSticky != 0 || info.Mode().Perm()&0o002 != 0 {
		return errors.New("a shared directory; give the kiosk a directory of its own")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !kioskFile(e.Name()) {
			return fmt.Errorf("it holds %q, which is not the kiosk's; give the kiosk a directory of its own", e.Name())
		}
	}
	return nil
}

// kioskFile reports whether a data directory entry is the kiosk's own: the database and any
// copy an operator moved aside beside it, the key and its temporary file, and demo mode's.
func kioskFile(name string) bool {
	return strings.HasPrefix(name, "kiosk.db") || strings.HasPrefix(name, "seal.key") ||
		strings.HasPrefix(name, ".seal-") || name == "demo" || strings.HasPrefix(name, "central-demo.db")
}
