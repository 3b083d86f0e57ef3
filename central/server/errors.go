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
)
