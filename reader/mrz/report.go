package mrz

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Report is the outcome of reading an MRZ in the shape that `citizenkiosk mrz --json`
// prints. Errors is never nil, so that it encodes as [] rather than null.
type Report struct {
	Format         string       `json:"format"`
	Valid          bool         `json:"valid"`
	DocumentCode   string       `json:"documentCode"`
	IssuingState   string       `json:"issuingState"`
	DocumentNumber string       `json:"documentNumber"`
	BirthDate      string       `json:"birthDate"`
	ExpiryDate     string       `json:"expiryDate"`
	Sex            string       `json:"sex"`
	Nationality    string       `json:"nationality"`
	Surname        string       `json:"surname"`
	GivenNames     string       `json:"givenNames"`
	Optional1      string       `json:"optional1"`
	Optional2      string       `json:"optional2"`
	Errors         []FieldError `json:"errors"`
}

// NewReport describes what Parse returned. An *InvalidError gives its field errors;
// any other error (ErrNotMRZ) becomes one error on the field "format".
func NewReport(m MRZ, err error) Report {
	r := Report{
		Format:         string(m.Format),
		Valid:          err == nil,
		DocumentCode:   m.DocumentCode,
		IssuingState:   m.IssuingState,
		DocumentNumber: m.DocumentNumber,
		BirthDate:      m.BirthDate,
		ExpiryDate:     m.ExpiryDate,
		Sex:            m.Sex,
		Nationality:    m.Nationality,
		Surname:        m.Surname,
		GivenNames:     m.GivenNames,
		Optional1:      m.Optional1,
		Optional2:      m.Optional2,
		Errors:         []FieldError{},
	}
	var inv *InvalidError
	switch {
	case err == nil:
	case errors.As(err, &inv):
		r.Errors = append(r.Errors, inv.Errors...)
	default:
		r.Errors = append(r.Errors, FieldError{Field: "format", Message: err.Error()})
	}
	return r
}

// WriteText writes the report for a person: one field a line, then the errors.
func (r Report) WriteText(w io.Writer) error {
	valid := "no"
	if r.Valid {
		valid = "yes"
	}
	rows := [][2]string{
		{"format", r.Format}, {"valid", valid},
		{"document code", r.DocumentCode}, {"issuing state", r.IssuingState},
		{"document number", r.DocumentNumber}, {"birth date", r.BirthDate},
		{"expiry date", r.ExpiryDate}, {"sex", r.Sex}, {"nationality", r.Nationality},
		{"surname", r.Surname}, {"given names", r.GivenNames},
		{"optional data 1", r.Optional1}, {"optional data 2", r.Optional2},
	}
	for _, row := range rows {
		line := strings.TrimRight(fmt.Sprintf("%-16s %s", row[0], row[1]), " ")
		if _, err := fmt.Fprintln(w, line); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	for _, e := range r.Errors {
		if _, err := fmt.Fprintf(w, "error: %s: %s\n", e.Field, e.Message); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	return nil
}
