package server

import "errors"

// These errors are returned wrapped; test for them with errors.Is.
var (
	// ErrSchemaTooNew is returned by New when the file was written by a newer server with a
	// layout this one does not know; the file is left untouched.
	ErrSchemaTooNew = errors.New("server: database schema is newer than this program")

	// ErrInvalidSeed is returned by Seed when the services or appointments break the
	// contract (the same validation a kiosk applies to what it receives), or an appointment
	// lies on another day than the one seeded.
	ErrInvalidSeed = errors.New("server: invalid seed data")

	// ErrKeyMismatch is returned by New when the sealing key file is not the one the
	// database was sealed with (another installation's, or a new one made after the right
	// one was lost); nothing is written then. A missing key file of a sealed database is
	// seal.ErrKeyMissing.
	ErrKeyMismatch = errors.New("server: sealing key does not match the database")

	// ErrUnavailable wraps an error of the database's availability: PostgreSQL unreachable,
	// restarting, or aborting a transaction that conflicted with another replica's. The
	// server answers it with 503 and Retry-After; the kiosk tries again later.
	ErrUnavailable = errors.New("server: database unavailable")
)
