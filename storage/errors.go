package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
)

// These errors are returned wrapped; test for them with errors.Is.
var (
	// ErrLocked is returned by Open when another process (usually a second kiosk instance
	// on the same data directory) holds the database file's lock for longer than
	// Options.Timeout.
	ErrLocked = errors.New("storage: database is locked by another process")

	// ErrCorrupt is returned, inside a *CorruptError, when the database file is not a valid
	// bbolt file (garbage, truncated, wrong magic) or its contents cannot be decoded.
	ErrCorrupt = errors.New("storage: database file is corrupt")

	// ErrSchemaTooNew is returned by Open when the file was written by a newer program with
	// a schema version this one does not know. The file is left as it is, so that the newer
	// program can still use it.
	ErrSchemaTooNew = errors.New("storage: database schema is newer than this program")

	// ErrKeyMissing is returned, inside a *KeyError, when the database already holds data
	// sealed with a key but the key file does not exist. A new key is never made then,
	// because it could not open what is already sealed.
	ErrKeyMissing = errors.New("storage: sealing key file is missing")

	// ErrKeyInvalid is returned, inside a *KeyError, when the key file cannot be read or
	// does not hold exactly 32 bytes.
	ErrKeyInvalid = errors.New("storage: sealing key file is invalid")

	// ErrKeyMismatch is returned, inside a *KeyError, when the key file holds a different
	// key from the one the database was sealed with (for example a key file from another
	// kiosk).
	ErrKeyMismatch = errors.New("storage: sealing key does not match the database")

	// ErrUnseal is returned when a sealed value fails authentication: it was altered, moved
	// to another key or bucket, or sealed with another key.
	ErrUnseal = errors.New("storage: sealed value failed authentication")

	// ErrInvalidInput is returned when a caller passes something that cannot be stored:
	// an appointment without an id or on another day than the one being replaced, a ticket
	// without a valid day, or an update that changes a ticket's identity.
	ErrInvalidInput = errors.New("storage: invalid input")

	// ErrNumberTaken is returned by IssueTicket when the next number for a prefix is already
	// used on that day by a ticket of another prefix (such as "A1" 001 and "A" 1001); it
	// only happens with prefixes that are prefixes of each other.
	ErrNumberTaken = errors.New("storage: ticket number already taken")

	// ErrDatabaseLost is returned by Open, inside a *LostError, when the database file is
	// missing or empty but its sealing key file exists, so a database was made there before.
	// Open does not make a new one, which would hide the loss of its tickets and outbox.
	ErrDatabaseLost = errors.New("storage: database file is missing or empty")

	// ErrPermissions is returned by Open, inside a *PermissionError, when the data
	// directory, the database or the key file can be read by other users and Open cannot
	// change that (another user owns it), or will not because the directory is shared.
	ErrPermissions = errors.New("storage: data is readable by other users")

	// ErrKioskRenamed is returned by Open, inside a *RenameError, when the outbox holds
	// events made under another kiosk id than Options.KioskID. The central system accepts an
	// event only from the kiosk whose id its key carries, so they must be sent under that id.
	ErrKioskRenamed = errors.New("storage: outbox holds events of another kiosk id")

	// ErrBadEntry is returned by PendingEvents, inside an *EntryError, for an outbox entry
	// that cannot be decoded. Quarantine moves it to the dead letters.
	ErrBadEntry = errors.New("storage: outbox entry cannot be decoded")
)

// CorruptError reports a database file that cannot be trusted. The file is left untouched:
// an operator should move it aside and restart the kiosk, which then starts with an empty
// database, and the central system sends the day's appointments again.
type CorruptError struct {
	Path string // the database file
	Err  error  // what was found wrong
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("storage: database file %s is corrupt (%v); move it aside, together with its sealing key "+
		"file (which reads it), and restart the kiosk; the central server will send the day's appointments again", e.Path, e.Err)
}

// Unwrap returns ErrCorrupt and the underlying cause.
func (e *CorruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }

// KeyError reports a sealing key file that cannot be used with the database.
type KeyError struct {
	Path string // the key file
	Err  error  // ErrKeyMissing, ErrKeyInvalid or ErrKeyMismatch, possibly wrapping a cause
}

func (e *KeyError) Error() string {
	return fmt.Sprintf("storage: sealing key %s: %v; restore the kiosk's key file, or move the database "+
		"and the key file aside and restart so that a new key is made", e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *KeyError) Unwrap() error { return e.Err }

// LostError reports a database file that is missing, empty or blank although its key file
// shows that a database was made there. Nothing is created: the operator restores the file, or
// moves the key file aside too to start anew on purpose.
type LostError struct {
	Path    string // the database file
	KeyFile string // the key file that shows the database existed
	Missing bool   // the file is gone
	Blank   bool   // the file is a bbolt file without the kiosk's schema (else it is empty)
}

func (e *LostError) Error() string {
	what := "is empty (0 bytes)"
	switch {
	case e.Missing:
		what = "is missing"
	case e.Blank:
		what = "holds no kiosk database (a blank file)"
	}
	return fmt.Sprintf("storage: database file %s %s, but the sealing key %s shows that a database was made "+
		"there; its tickets and unsent events would be lost. Restore the file from a backup, or, to start with "+
		"an empty database on purpose, move the key file aside too", e.Path, what, e.KeyFile)
}

// Unwrap returns ErrDatabaseLost.
func (e *LostError) Unwrap() error { return ErrDatabaseLost }

// PermissionError reports a file or directory other users can read that Open could not,
// or would not, tighten.
type PermissionError struct {
	Path string
	Mode fs.FileMode // its permission bits
	Want fs.FileMode // what Open tried to set them to
	Err  error       // why it was left as it is
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("storage: %s has mode %04o, readable by other users, and was left so (%v); "+
		"make it %04o (chmod %o %s) as its owner", e.Path, e.Mode, e.Err, e.Want, e.Want, e.Path)
}

// Unwrap returns ErrPermissions and the cause.
func (e *PermissionError) Unwrap() []error { return []error{ErrPermissions, e.Err} }

// RenameError reports events made under another kiosk id than the one the database was
// opened with. They can be sent only under their own id.
type RenameError struct {
	Path    string         // the database file
	KioskID string         // the id it was opened with
	Waiting map[string]int // pending events by the kiosk id they were made under, other ids only
	Oldest  string         // the id of the oldest pending event, which must go first
}

func (e *RenameError) Error() string {
	others := ""
	for _, id := range slices.Sorted(maps.Keys(e.Waiting)) {
		if id != e.Oldest {
			others += fmt.Sprintf(", and %d as %q", e.Waiting[id], id)
		}
	}
	return fmt.Sprintf("storage: %s holds %d unsent events made as kiosk %q%s, but this kiosk is now %q; the "+
		"central system accepts an event only from the kiosk it was made by. Open it as %q until its outbox is "+
		"empty, then as %q", e.Path, e.Waiting[e.Oldest], e.Oldest, others, e.KioskID, e.Oldest, e.KioskID)
}

// Unwrap returns ErrKioskRenamed.
func (e *RenameError) Unwrap() error { return ErrKioskRenamed }

// EntryError reports an outbox entry that cannot be decoded. Key is its raw bbolt key, for
// Quarantine.
type EntryError struct {
	Path string
	Key  []byte
	Err  error
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("storage: %s: outbox entry %x cannot be decoded: %v", e.Path, e.Key, e.Err)
}

// Unwrap returns ErrBadEntry and the cause.
func (e *EntryError) Unwrap() []error { return []error{ErrBadEntry, e.Err} }
