package mrz

import (
	"fmt"
	"time"
)

// checkDate checks a YYMMDD field. A birth date may have unknown parts replaced by
// fillers, from the right ("YYMM<<", "YY<<<<", "<<<<<<"; ICAO 9303-3, representation of
// dates).
// It returns "" when the field is good, else a message without the value.
func checkDate(s string, allowUnknown bool) string {
	known := 6
	if allowUnknown {
		switch {
		case s == "<<<<<<":
			return ""
		case s[2:] == "<<<<":
			known = 2
		case s[4:] == "<<":
			known = 4
		}
	}
	for i := 0; i < known; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "must be a date YYMMDD"
		}
	}
	if known < 4 {
		return ""
	}
	yy, mm := num2(s[0:2]), num2(s[2:4])
	if mm < 1 || mm > 12 {
		return "month out of range"
	}
	if known < 6 {
		return ""
	}
	if dd := num2(s[4:6]); dd < 1 || dd > daysIn(yy, mm) {
		return "day out of range"
	}
	return ""
}

// daysIn is the length of month mm in a year ending in yy. For February it allows the
// 29th whenever yy is a multiple of 4, since the century is not known here (2000 was a
// leap year; 1900 was not, and no living person was born then).
func daysIn(yy, mm int) int {
	switch mm {
	case 2:
		if yy%4 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func num2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// Birth gives the birth date at midnight in now's location, in the century that
// makes it the most recent day not after now: a two-digit year cannot tell a
// newborn from a centenarian, and the kiosk sees far more of the first. It returns
// an error wrapping ErrUnknownDate if the date is only partly known or not a date.
func (m MRZ) Birth(now time.Time) (time.Time, error) {
	yy, mm, dd, err := m.ymd(m.BirthDate)
	if err != nil {
		return time.Time{}, fmt.Errorf("birth date: %w", err)
	}
	y := now.Year() - mod(now.Year()-yy, 100)
	t, err := date(y, mm, dd, now.Location())
	if err == nil && t.After(now) {
		t, err = date(y-100, mm, dd, now.Location())
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("birth date: %w", err)
	}
	return t, nil
}

// Expiry gives the expiry date at midnight in now's location, in the century that
// puts its year within 50 years before to 49 years after now's year. Documents are
// valid for 10 years or so, some cards for life; an expired document read today
// must still show its real, past, expiry. The document is valid through that day.
func (m MRZ) Expiry(now time.Time) (time.Time, error) {
	yy, mm, dd, err := m.ymd(m.ExpiryDate)
	if err != nil {
		return time.Time{}, fmt.Errorf("expiry date: %w", err)
	}
	base := now.Year() - 50
	y := base - mod(base, 100) + yy
	if y < base {
		y += 100
	}
	t, err := date(y, mm, dd, now.Location())
	if err != nil {
		return time.Time{}, fmt.Errorf("expiry date: %w", err)
	}
	return t, nil
}

// ymd splits a fully known YYMMDD field.
func (m MRZ) ymd(s string) (yy, mm, dd int, err error) {
	if len(s) != 6 {
		return 0, 0, 0, ErrUnknownDate
	}
	for i := 0; i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, 0, ErrUnknownDate
		}
	}
	return num2(s[0:2]), num2(s[2:4]), num2(s[4:6]), nil
}

// date builds a calendar date, refusing what time.Date would silently normalize
// (31 April, 29 February in a common year).
func date(y, mm, dd int, loc *time.Location) (time.Time, error) {
	t := time.Date(y, time.Month(mm), dd, 0, 0, 0, 0, loc)
	if t.Year() != y || int(t.Month()) != mm || t.Day() != dd {
		return time.Time{}, ErrUnknownDate
	}
	return t, nil
}

// mod is the non-negative remainder.
func mod(a, n int) int { return ((a % n) + n) % n }
