package mrz

import (
	"errors"
	"strings"
)

// ErrNotMRZ is returned by Parse when the text is not 2 lines of 36 or 44 characters
// or 3 lines of 30 characters of the MRZ alphabet (A-Z, 0-9 and '<'), after scanner
// noise is removed. No field has been read; the MRZ returned is the zero value.
var ErrNotMRZ = errors.New("mrz: not a machine readable zone")

// ErrBadCharacter is returned by CheckDigit and Compose for a character outside the
// MRZ alphabet (ICAO 9303-3: A-Z, 0-9 and the filler '<').
var ErrBadCharacter = errors.New("mrz: character outside the MRZ alphabet")

// ErrFieldTooLong is returned by Compose when a value does not fit its field and the
// standard has no rule to shorten it (names are truncated instead).
var ErrFieldTooLong = errors.New("mrz: value does not fit its field")

// ErrUnknownFormat is returned by Compose for a Format other than TD1, TD2 or TD3.
var ErrUnknownFormat = errors.New("mrz: unknown format")

// ErrUnknownDate is returned by MRZ.Birth when the document gives the birth date only
// in part (ICAO 9303-3 lets unknown parts be filler characters) and by Birth and Expiry
// for a date that is not a calendar date.
var ErrUnknownDate = errors.New("mrz: date unknown or not a calendar date")

// ErrInvalidCAN is returned by ParseCAN for anything but 6 digits.
var ErrInvalidCAN = errors.New("mrz: card access number must be 6 digits")

// FieldError says what is wrong with one field. Field is the field's JSON name in
// Report (documentNumber, birthDate, ...), or "composite" for the composite check
// digit. Message never contains the field's value.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// InvalidError is returned by Parse, together with an MRZ filled as far as it could be
// read, when the text has the shape of an MRZ but fields fail their checks.
type InvalidError struct {
	Errors []FieldError
}

// Error lists every field error.
func (e *InvalidError) Error() string {
	var b strings.Builder
	b.WriteString("mrz: invalid")
	for i, fe := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(fe.Field)
		b.WriteString(": ")
		b.WriteString(fe.Message)
	}
	return b.String()
}

// Has reports whether field is among the errors.
func (e *InvalidError) Has(field string) bool {
	for _, fe := range e.Errors {
		if fe.Field == field {
			return true
		}
	}
	return false
}
