package site

import (
	"errors"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// Errors of the site client and desk. They are returned wrapped; compare with errors.Is.
// Errors of the domain (booking.ErrQueueEmpty, *booking.TicketStateError, ...) cross the
// wire as problem types and come back out of the client as the same booking errors.
var (
	// ErrDeskUnreachable: the client could not reach the desk (refused, timed out, reset)
	// or the desk answered 5xx. Whether a command was applied is unknown; the client
	// retries it with the same idempotency key, and the next call may simply succeed.
	// It wraps booking.ErrDeskUnreachable, which is what the screens look for.
	ErrDeskUnreachable = fmt.Errorf("site: %w", booking.ErrDeskUnreachable)

	// ErrForbidden: the desk refused the request because the client's certificate does not
	// carry a role that may make it (a board calling a ticket).
	ErrForbidden = errors.New("site: this machine's role may not do that")

	// ErrKeyReused: an idempotency key came again with another request; the desk keeps
	// the first and refuses the second.
	ErrKeyReused = errors.New("site: idempotency key reused for another request")

	// ErrBadRequest: the desk could not decode a request, or a value in it is invalid.
	ErrBadRequest = errors.New("site: bad request")

	// ErrProtocol: the desk's answer could not be understood (wrong content, bad JSON, an
	// unknown problem type): usually a desk of another version.
	ErrProtocol = errors.New("site: unexpected answer from the desk")

	// ErrConfig: the client or desk cannot start with the options given (missing or
	// unreadable certificates, plain HTTP to a host that is not loopback).
	ErrConfig = errors.New("site: invalid configuration")
)

// badInput is an ErrBadRequest with what was wrong.
func badInput(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, args...))
}
