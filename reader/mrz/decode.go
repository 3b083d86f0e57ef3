package mrz

import (
	"fmt"
	"strings"
)

// fieldErrors collects every problem rather than stopping at the first, so that a
// clerk sees at once all that is wrong with a typed MRZ.
type fieldErrors []FieldError

func (e *fieldErrors) add(field, format string, a ...any) {
	*e = append(*e, FieldError{Field: field, Message: fmt.Sprintf(format, a...)})
}

// decode turns the cut fields into an MRZ and checks each of them.
func decode(r raw) (MRZ, error) {
	var errs fieldErrors
	m := MRZ{
		Format:       r.format,
		DocumentCode: trimFill(r.code),
		IssuingState: trimFill(r.state),
		BirthDate:    r.birth,
		ExpiryDate:   r.expiry,
		Nationality:  trimFill(r.nat),
		Optional1:    trimFill(r.opt1),
		Optional2:    trimFill(r.opt2),
	}
	if msg := checkCode(r.format, r.code); msg != "" {
		errs.add("documentCode", "%s", msg)
	}
	if !isState(r.state) {
		errs.add("issuingState", "must be a 3-letter code, letters first, then fillers")
	}
	if !isState(r.nat) {
		errs.add("nationality", "must be a 3-letter code, letters first, then fillers")
	}
	decodeNumber(r, &m, &errs)
	if msg := checkDate(r.birth, true); msg != "" {
		errs.add("birthDate", "%s", msg)
	}
	errs.checkDigit("birthDate", r.birth, r.birthCD)
	if msg := checkDate(r.expiry, false); msg != "" {
		errs.add("expiryDate", "%s", msg)
	}
	errs.checkDigit("expiryDate", r.expiry, r.expCD)

	switch r.sex {
	case 'F', 'M', 'X':
		m.Sex = string(r.sex)
	case '<':
	default:
		m.Sex = string(r.sex)
		errs.add("sex", "must be F, M, X or '<'")
	}
	if r.hasOpt1CD {
		// ICAO 9303-4, lower line: an unused personal number may have '<' or 0 as its check digit.
		if !(m.Optional1 == "" && (r.opt1CD == '<' || r.opt1CD == '0')) {
			errs.checkDigit("optional1", r.opt1, r.opt1CD)
		}
	}
	errs.checkDigit("composite", r.composite, r.compositeCD)

	m.Surname, m.GivenNames = splitName(r.name)
	if m.Surname == "" {
		errs.add("surname", "missing")
	} else if hasDigit(m.Surname) {
		errs.add("surname", "contains a digit")
	}
	if hasDigit(m.GivenNames) {
		errs.add("givenNames", "contains a digit")
	}
	if len(errs) > 0 {
		return m, &InvalidError{Errors: errs}
	}
	return m, nil
}

// decodeNumber sets m.DocumentNumber, following a long number into the optional data,
// and checks it.
func decodeNumber(r raw, m *MRZ, errs *fieldErrors) {
	number, numberCD := r.number, r.numberCD
	continued := true // false: a long number whose continuation is missing
	if numberCD == '<' && r.format != TD3 && r.number[8] != '<' {
		// ICAO 9303-5 §4.2.4 (and 9303-6 for TD2): a number longer than 9 characters
		// has a filler in the check digit's place; the rest of the number and then its
		// check digit open the optional data, ended by a filler.
		rest, tail, _ := strings.Cut(r.opt1, "<")
		if continued = len(rest) >= 2; continued {
			number += rest[:len(rest)-1]
			numberCD = rest[len(rest)-1]
			m.Optional1 = trimFill(tail)
		}
	}
	m.DocumentNumber = trimFill(number)
	switch {
	case m.DocumentNumber == "":
		errs.add("documentNumber", "missing")
	case !continued:
		errs.add("documentNumber", "long document number has no continuation and check digit in the optional data")
	default:
		errs.checkDigit("documentNumber", number, numberCD)
	}
}

// checkDigit records a field error when cd is not the check digit of s.
func (e *fieldErrors) checkDigit(field, s string, cd byte) {
	want, err := CheckDigit(s)
	switch {
	case err != nil: // cannot happen after normalize; reported rather than ignored
		e.add(field, "has characters outside the MRZ alphabet")
	case cd < '0' || cd > '9':
		e.add(field, "check digit is not a digit")
	case cd != want:
		e.add(field, "check digit is %c, expected %c", cd, want)
	}
}

// checkCode checks the document code (ICAO 9303-4, -5 and -6: P for passports;
// A, C or I for cards; the second character is a letter or a filler).
func checkCode(f Format, code string) string {
	first, second := code[0], code[1]
	switch {
	case f == TD3 && first != 'P':
		return "a TD3 document code must start with P"
	case f != TD3 && first != 'A' && first != 'C' && first != 'I':
		return "a TD1 or TD2 document code must start with A, C or I"
	case second != '<' && (second < 'A' || second > 'Z'):
		return "second character must be a letter or '<'"
	}
	return ""
}

// isState checks the shape of a state or nationality code (ICAO 9303-3, codes for nationality): letters,
// possibly followed by fillers ("D<<" is Germany). Whether the code exists is a matter
// for the caller; new codes appear.
func isState(s string) bool {
	t := trimFill(s)
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < 'A' || t[i] > 'Z' {
			return false
		}
	}
	return true
}

// splitName splits a name field at its first "<<" into surname and given names, and
// turns the remaining fillers into spaces (ICAO 9303-3, names in the MRZ).
func splitName(field string) (surname, given string) {
	field = strings.TrimRight(field, "<")
	s, g, _ := strings.Cut(field, "<<")
	return strings.ReplaceAll(s, "<", " "), strings.ReplaceAll(g, "<", " ")
}

func trimFill(s string) string { return strings.TrimRight(s, "<") }

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }
