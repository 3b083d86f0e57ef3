package api

import (
	"errors"
	"fmt"
)

// ErrInvalid is wrapped by every validation error: a value received from the other side
// (or about to be sent) breaks the contract. Test with errors.Is.
var ErrInvalid = errors.New("api: invalid value")

// ErrInvalidKey is wrapped when an idempotency key is not KIOSK-ID/SEQUENCE (see ParseKey).
// It wraps ErrInvalid in turn, so errors.Is(err, ErrInvalid) holds for it too.
var ErrInvalidKey error = &kindError{"api: invalid idempotency key", ErrInvalid}

// kindError is a sentinel that is a special case of another sentinel.
type kindError struct {
	msg    string
	parent error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.parent }

// FieldError says which field of a value is invalid and why. It never holds the field's
// value: a name or a birth date is personal data and error messages reach logs.
type FieldError struct {
	Field  string // JSON path, e.g. "appointments[3].citizen.birthDate"
	Reason string // e.g. "required", "not a date"
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("api: %s: %s", e.Field, e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

func fieldErr(field, reason string) error { return &FieldError{Field: field, Reason: reason} }

// within prefixes the field of a *FieldError with the enclosing value's field, so that a
// nested error names its full path ("events[2].ticket.day").
func within(prefix string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		return &FieldError{Field: prefix + "." + fe.Field, Reason: fe.Reason}
	}
	return fmt.Errorf("%s: %w", prefix, err)
}
