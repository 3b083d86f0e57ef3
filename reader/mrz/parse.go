package mrz

import (
	"fmt"
	"strings"
)

// Format names the size of a machine readable travel document (ICAO 9303-3).
type Format string

// The three document sizes this package reads.
const (
	TD1 Format = "TD1" // 3 lines of 30: identity cards (ICAO 9303-5)
	TD2 Format = "TD2" // 2 lines of 36: identity cards (ICAO 9303-6)
	TD3 Format = "TD3" // 2 lines of 44: passports (ICAO 9303-4)
)

// MRZ holds the fields of a machine readable zone as printed, with fillers removed:
// trailing '<' are dropped and, in names, '<' becomes a space. Dates stay YYMMDD as
// printed (a birth date may hold '<' where it is unknown); Birth and Expiry give times.
// Sex is "F", "M", "X", or "" when the document leaves it unspecified ('<').
//
// Optional1 is the optional data of TD2 and TD3 (the personal number in a passport) and
// the upper-line optional data of TD1; Optional2 is TD1's lower-line optional data.
// DocumentNumber is whole even when a TD1 or TD2 document prints its tail in the
// optional data (ICAO 9303-5 §4.2.4); Optional1 then holds only what follows it.
type MRZ struct {
	Format         Format
	DocumentCode   string
	IssuingState   string
	DocumentNumber string
	BirthDate      string
	ExpiryDate     string
	Sex            string
	Nationality    string
	Surname        string
	GivenNames     string
	Optional1      string
	Optional2      string
}

// raw holds the fields cut from the lines, fillers and check digits still in place.
type raw struct {
	format                     Format
	code, state, name          string
	number, birth, expiry, nat string
	sex                        byte
	opt1, opt2                 string
	numberCD, birthCD, expCD   byte
	hasOpt1CD                  bool // TD3: the personal number has its own check digit
	opt1CD                     byte
	composite                  string // the characters the composite check digit covers
	compositeCD                byte
}

// Parse reads an MRZ of any of the three formats. Text that is not an MRZ gives an
// error wrapping ErrNotMRZ. An MRZ whose fields fail their checks is returned filled,
// with an *InvalidError naming every bad field.
//
// Scanner noise is removed first: CR, surrounding white space and blank lines; lower
// case letters are read as upper case (the MRZ alphabet has none, so this is never
// ambiguous; keyboard-wedge scanners send lower case when Caps Lock is on). A scanner
// that sends the whole zone as one line of 90, 72 or 88 characters is accepted too.
func Parse(text string) (MRZ, error) {
	lines, err := normalize(text)
	if err != nil {
		return MRZ{}, err
	}
	var r raw
	switch {
	case len(lines) == 3 && len(lines[0]) == 30:
		r = cutTD1(lines)
	case len(lines) == 2 && len(lines[0]) == 36:
		r = cutTD2or3(TD2, lines)
	case len(lines) == 2 && len(lines[0]) == 44:
		r = cutTD2or3(TD3, lines)
	default: // normalize admits no other shape; kept so that a change there cannot panic here
		return MRZ{}, ErrNotMRZ
	}
	return decode(r)
}

// normalize removes scanner noise and checks the shape: 2×36, 2×44 or 3×30 characters
// of the MRZ alphabet.
func normalize(text string) ([]string, error) {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l) // also drops the CR of CR/LF
		if l == "" {
			continue
		}
		lines = append(lines, upperASCII(l))
	}
	if len(lines) == 1 {
		// Some scanners send the zone without line breaks.
		switch l := lines[0]; len(l) {
		case 90:
			lines = []string{l[:30], l[30:60], l[60:]}
		case 72, 88:
			lines = []string{l[:len(l)/2], l[len(l)/2:]}
		}
	}
	width := 0
	switch len(lines) {
	case 2:
		width = len(lines[0])
		if width != 36 && width != 44 {
			return nil, fmt.Errorf("%w: 2 lines need 36 or 44 characters, the first has %d", ErrNotMRZ, width)
		}
	case 3:
		width = 30
	default:
		return nil, fmt.Errorf("%w: %d lines, expected 2 or 3", ErrNotMRZ, len(lines))
	}
	for i, l := range lines {
		if len(l) != width {
			return nil, fmt.Errorf("%w: line %d has %d characters, expected %d", ErrNotMRZ, i+1, len(l), width)
		}
		if !isAlphabet(l) {
			return nil, fmt.Errorf("%w: line %d has characters outside A-Z, 0-9 and '<'", ErrNotMRZ, i+1)
		}
	}
	return lines, nil
}

// upperASCII maps a-z to A-Z and leaves every other byte alone, so that non-ASCII
// input stays outside the alphabet and is rejected.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// cutTD1 cuts the fields of a TD1 zone (ICAO 9303-5, data structure of the MRZ;
// positions are 1-based there).
func cutTD1(l []string) raw {
	return raw{
		format: TD1,
		code:   l[0][0:2], state: l[0][2:5],
		number: l[0][5:14], numberCD: l[0][14],
		opt1:  l[0][15:30],
		birth: l[1][0:6], birthCD: l[1][6],
		sex:    l[1][7],
		expiry: l[1][8:14], expCD: l[1][14],
		nat:  l[1][15:18],
		opt2: l[1][18:29],
		// Composite: upper line 6-30, middle line 1-7, 9-15 and 19-29.
		composite:   l[0][5:30] + l[1][0:7] + l[1][8:15] + l[1][18:29],
		compositeCD: l[1][29],
		name:        l[2],
	}
}

// cutTD2or3 cuts the fields of a TD2 (ICAO 9303-6) or TD3 (ICAO 9303-4)
// zone. Both put the same fields at the same places in the lower line; TD3's optional
// data is longer and has its own check digit.
func cutTD2or3(f Format, l []string) raw {
	w := len(l[1])
	r := raw{
		format: f,
		code:   l[0][0:2], state: l[0][2:5], name: l[0][5:],
		number: l[1][0:9], numberCD: l[1][9],
		nat:   l[1][10:13],
		birth: l[1][13:19], birthCD: l[1][19],
		sex:    l[1][20],
		expiry: l[1][21:27], expCD: l[1][27],
		opt1:        l[1][28 : w-1],
		compositeCD: l[1][w-1],
		// Composite: lower line 1-10, 14-20 and 22 up to the composite digit.
		composite: l[1][0:10] + l[1][13:20] + l[1][21:w-1],
	}
	if f == TD3 {
		r.hasOpt1CD = true
		r.opt1, r.opt1CD = l[1][28:42], l[1][42]
	}
	return r
}
