package mrz

import (
	"fmt"
	"strings"
)

// Compose builds the MRZ lines of m, joined by "\n", with every check digit computed.
// It is the inverse of Parse: Parse(Compose(m)) gives m back for any m that Parse
// returned without error.
//
// Names are passed through Transliterate, so "Sørensen" is written SOERENSEN. A name
// too long for its field is truncated at the field's end (ICAO 9303-3 lets
// issuers truncate; a real issuer would shorten given names more carefully). Other
// fields are upper-cased and must fit: a TD1 or TD2 document number may be longer
// than 9 characters (ICAO 9303-5 §4.2.4), a TD3 one may not. An unused TD3 personal
// number gets '<' as its check digit.
func Compose(m MRZ) (string, error) {
	f := composer{m: m}
	switch m.Format {
	case TD1:
		return f.td1()
	case TD2, TD3:
		return f.td2or3()
	}
	return "", fmt.Errorf("compose %q: %w", m.Format, ErrUnknownFormat)
}

// composer carries the first error, so that building a line reads as one expression.
type composer struct {
	m   MRZ
	err error
}

// field pads v with fillers to n characters, after checking it fits and is of the
// MRZ alphabet.
func (c *composer) field(name, v string, n int) string {
	v = upperASCII(v)
	switch {
	case c.err != nil:
	case len(v) > n:
		c.err = fmt.Errorf("compose %s: %d characters, the field has %d: %w", name, len(v), n, ErrFieldTooLong)
	case !isAlphabet(v):
		c.err = fmt.Errorf("compose %s: %w", name, ErrBadCharacter)
	}
	return v + strings.Repeat("<", max(0, n-len(v)))
}

// digit is the check digit of s, or '0' once an error has been recorded.
func (c *composer) digit(s string) string {
	d, err := CheckDigit(s)
	if err != nil {
		if c.err == nil {
			c.err = fmt.Errorf("compose: %w", err)
		}
		return "0"
	}
	return string(d)
}

func (c *composer) sex() string {
	switch c.m.Sex {
	case "":
		return "<"
	case "F", "M", "X", "<":
		return c.m.Sex
	}
	if c.err == nil {
		c.err = fmt.Errorf("compose sex: must be F, M, X or empty: %w", ErrBadCharacter)
	}
	return "<"
}

// name writes surname and given names as the name field of n characters.
func (c *composer) name(n int) string {
	v := Transliterate(c.m.Surname)
	if g := Transliterate(c.m.GivenNames); g != "" {
		v += "<<" + g
	}
	if len(v) > n {
		v = v[:n]
	}
	return c.field("name", v, n)
}

// number gives the 9-character document number field, its check digit, and the
// continuation that a longer number puts before the optional data (ICAO 9303-5
// §4.2.4: the first 9 characters, '<' for the check digit, then the rest and its
// check digit at the start of the optional data, closed by a filler).
func (c *composer) number() (field, cd, continuation string) {
	num := upperASCII(c.m.DocumentNumber)
	if len(num) <= 9 || c.m.Format == TD3 {
		field = c.field("documentNumber", num, 9)
		return field, c.digit(field), ""
	}
	c.field("documentNumber", num, len(num)) // alphabet check only
	cont := num[9:] + c.digit(num)
	if c.m.Optional1 != "" {
		cont += "<" // the filler that ends the number; nothing to end if nothing follows
	}
	return num[:9], "<", cont
}

func (c *composer) td1() (string, error) {
	m := c.m
	num, numCD, cont := c.number()
	l1 := c.field("documentCode", m.DocumentCode, 2) + c.field("issuingState", m.IssuingState, 3) +
		num + numCD + c.field("optional1", cont+m.Optional1, 15)
	birth := c.field("birthDate", m.BirthDate, 6)
	expiry := c.field("expiryDate", m.ExpiryDate, 6)
	l2 := birth + c.digit(birth) + c.sex() + expiry + c.digit(expiry) +
		c.field("nationality", m.Nationality, 3) + c.field("optional2", m.Optional2, 11)
	l2 += c.digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
	l3 := c.name(30)
	if c.err != nil {
		return "", c.err
	}
	return l1 + "\n" + l2 + "\n" + l3, nil
}

func (c *composer) td2or3() (string, error) {
	m := c.m
	width, optLen := 36, 7
	if m.Format == TD3 {
		width, optLen = 44, 14
	}
	l1 := c.field("documentCode", m.DocumentCode, 2) + c.field("issuingState", m.IssuingState, 3) + c.name(width-5)
	num, numCD, cont := c.number()
	birth := c.field("birthDate", m.BirthDate, 6)
	expiry := c.field("expiryDate", m.ExpiryDate, 6)
	opt := c.field("optional1", cont+m.Optional1, optLen)
	l2 := num + numCD + c.field("nationality", m.Nationality, 3) + birth + c.digit(birth) +
		c.sex() + expiry + c.digit(expiry) + opt
	if m.Format == TD3 {
		if strings.Trim(opt, "<") == "" {
			l2 += "<" // ICAO 9303-4: unused personal number
		} else {
			l2 += c.digit(opt)
		}
	}
	l2 += c.digit(l2[0:10] + l2[13:20] + l2[21:])
	if c.err != nil {
		return "", c.err
	}
	return l1 + "\n" + l2, nil
}
