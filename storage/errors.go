package storage

import (
	"errors"
	"fmt"
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
)

// CorruptError reports a database file that cannot be trusted. The file is left untouched:
// an operator should move it aside and restart the kiosk, which then starts with an empty
// database, and the central system sends the day's appointments again.
type CorruptError struct {
	Path string // the database file
	Err  error  // what was found wrong
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("storage: database file %s is corrupt (%v); move it aside and restart the kiosk, "+
		"the central server will send the day's appointments again", e.Path, e.Err)
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
		"aside and restart so that a new key is made", e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *KeyError) Unwrap() error { return e.Err }
