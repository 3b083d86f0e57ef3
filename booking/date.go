package booking

import (
	"fmt"
	"time"
)

// Date is a calendar date without a time of day or zone, such as a birth date.
// The zero Date is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as "2006-01-02".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Valid reports whether d names a day that exists in the Gregorian calendar.
func (d Date) Valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return t.Day() == d.Day && t.Month() == d.Month
}

// MaxAge is the oldest a citizen is taken to be: a birth date further back is a typing error.
const MaxAge = 120

// ParseBirthDate reads a birth date as typed on the kiosk's keypad, DDMMYY (spaces, dots,
// dashes and slashes between the digits are dropped). Six digits cannot say the century:
// the CPR number carries it in its 7th digit, which the kiosk never asks for, so the year is
// the most recent one that puts the date not after today (at now, in now's location). The
// date must then pass CheckBirthDate. Errors wrap ErrInvalidBirthDate.
func ParseBirthDate(ddmmyy string, now time.Time) (Date, error) {
	var digits [6]byte
	n := 0
	for _, r := range ddmmyy {
		switch {
		case r >= '0' && r <= '9':
			if n == len(digits) {
				return Date{}, fmt.Errorf("birth date: more than 6 digits: %w", ErrInvalidBirthDate)
			}
			digits[n] = byte(r - '0')
			n++
		case r == ' ' || r == '.' || r == '-' || r == '/':
		default:
			return Date{}, fmt.Errorf("birth date: %s where a digit belongs: %w", runeClass(r), ErrInvalidBirthDate)
		}
	}
	if n != len(digits) {
		return Date{}, fmt.Errorf("birth date: %d digits, want DDMMYY: %w", n, ErrInvalidBirthDate)
	}
	day := int(digits[0])*10 + int(digits[1])
	month := time.Month(int(digits[2])*10 + int(digits[3]))
	yy := int(digits[4])*10 + int(digits[5])

	today := DateOf(now)
	year := today.Year - mod(today.Year, 100) + yy
	d := Date{year, month, day}
	if d.After(today) {
		d.Year -= 100
	}
	// Validity is checked after the century is chosen: 29 February exists in 2000 but not
	// in 2100, so in 2100 "290200" is the most recent 29 February with that year, 2000.
	if !d.Valid() {
		d.Year -= 100
	}
	if !d.Valid() {
		return Date{}, fmt.Errorf("birth date: no such day: %w", ErrInvalidBirthDate)
	}
	if err := CheckBirthDate(d, now); err != nil {
		return Date{}, err
	}
	return d, nil
}

// CheckBirthDate returns an error wrapping ErrInvalidBirthDate unless d is a real day
// before today (a citizen is at least one day old) and no more than MaxAge years ago.
func CheckBirthDate(d Date, now time.Time) error {
	if !d.Valid() {
		return fmt.Errorf("birth date: no such day: %w", ErrInvalidBirthDate)
	}
	today := DateOf(now)
	if !today.After(d) {
		return fmt.Errorf("birth date: today or in the future: %w", ErrInvalidBirthDate)
	}
	oldest := Date{today.Year - MaxAge, today.Month, today.Day}
	if oldest.After(d) {
		return fmt.Errorf("birth date: more than %d years ago: %w", MaxAge, ErrInvalidBirthDate)
	}
	return nil
}

// After reports whether d is a later calendar day than e. It compares fields, so it also
// orders dates that Valid rejects, such as 31 February.
func (d Date) After(e Date) bool {
	if d.Year != e.Year {
		return d.Year > e.Year
	}
	if d.Month != e.Month {
		return d.Month > e.Month
	}
	return d.Day > e.Day
}

// mod is the non-negative remainder of a/b, for years before year 0 in fuzzed clocks.
func mod(a, b int) int {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}
