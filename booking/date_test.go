package booking

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseBirthDate(t *testing.T) {
	march10 := time.Date(2026, time.March, 10, 9, 0, 0, 0, cph)
	newYear2000 := time.Date(2000, time.January, 1, 0, 30, 0, 0, cph)
	tests := []struct {
		name string
		in   string
		now  time.Time
		want Date
		err  error
	}{
		{"yesterday", "090326", march10, Date{2026, 3, 9}, nil},
		{"today is 0 days old", "100326", march10, Date{}, ErrInvalidBirthDate},
		{"tomorrow is last century", "110326", march10, Date{1926, 3, 11}, nil},
		{"same day a century ago would be today", "100326", march10, Date{}, ErrInvalidBirthDate},
		{"millennium", "010100", march10, Date{2000, 1, 1}, nil},
		{"end of 1999", "311299", march10, Date{1999, 12, 31}, nil},
		{"two-digit year this year, earlier", "010126", march10, Date{2026, 1, 1}, nil},
		{"two-digit year next year", "010127", march10, Date{1927, 1, 1}, nil},
		{"on New Year's Day 2000, 1 Jan 00 is today", "010100", newYear2000, Date{}, ErrInvalidBirthDate},
		{"on New Year's Day 2000, yesterday is 1999", "311299", newYear2000, Date{1999, 12, 31}, nil},
		{"on New Year's Day 2000, 02 Jan 00 is 1900", "020100", newYear2000, Date{1900, 1, 2}, nil},
		{"leap day 2000", "290200", march10, Date{2000, 2, 29}, nil},
		{"leap day 1996", "290296", march10, Date{1996, 2, 29}, nil},
		{"no leap day 1997", "290297", march10, Date{}, ErrInvalidBirthDate},
		{"no leap day 2026", "290226", march10, Date{}, ErrInvalidBirthDate},
		{"2100 has no leap day: 2000", "290200", time.Date(2100, 3, 1, 12, 0, 0, 0, time.UTC), Date{2000, 2, 29}, nil},
		{"dots", "10.03.90", march10, Date{1990, 3, 10}, nil},
		{"dashes and spaces", "10-03 90", march10, Date{1990, 3, 10}, nil},
		{"slashes", "10/03/90", march10, Date{1990, 3, 10}, nil},
		{"month 13", "011390", march10, Date{}, ErrInvalidBirthDate},
		{"month 0", "010090", march10, Date{}, ErrInvalidBirthDate},
		{"day 0", "000190", march10, Date{}, ErrInvalidBirthDate},
		{"day 32", "320190", march10, Date{}, ErrInvalidBirthDate},
		{"31 April", "310490", march10, Date{}, ErrInvalidBirthDate},
		{"five digits", "10039", march10, Date{}, ErrInvalidBirthDate},
		{"seven digits", "1003901", march10, Date{}, ErrInvalidBirthDate},
		{"full CPR is refused", "100390-1234", march10, Date{}, ErrInvalidBirthDate},
		{"letters", "1O0390", march10, Date{}, ErrInvalidBirthDate},
		{"empty", "", march10, Date{}, ErrInvalidBirthDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBirthDate(tt.in, tt.now)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("ParseBirthDate(%q, %v) = %v, %v; want %v, %v", tt.in, tt.now, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestCheckBirthDate(t *testing.T) {
	now := time.Date(2026, time.March, 10, 9, 0, 0, 0, cph)
	tests := []struct {
		name string
		d    Date
		ok   bool
	}{
		{"exactly 120 years", Date{1906, 3, 10}, true},
		{"120 years and a day", Date{1906, 3, 9}, false},
		{"yesterday", Date{2026, 3, 9}, true},
		{"today", Date{2026, 3, 10}, false},
		{"tomorrow", Date{2027, 1, 1}, false},
		{"zero", Date{}, false},
		{"31 February", Date{1990, 2, 31}, false},
	}
	for _, tt := range tests {
		err := CheckBirthDate(tt.d, now)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalidBirthDate)) {
			t.Errorf("%s: CheckBirthDate(%v) = %v, want ok=%v", tt.name, tt.d, err, tt.ok)
		}
	}
}

func FuzzParseBirthDate(f *testing.F) {
	for _, s := range []string{"100390", "29.02.00", "311299", "", "99999999", "1-2-3-4-5-6", "\xff"} {
		f.Add(s, int64(1773129600)) // 2026-03-10 UTC
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		// Keep the clock within years the time package formats and this code reasons about.
		now := time.Unix(unix%(1<<40), 0).UTC()
		d, err := ParseBirthDate(s, now)
		if err != nil {
			if !errors.Is(err, ErrInvalidBirthDate) {
				t.Fatalf("error %v does not wrap ErrInvalidBirthDate", err)
			}
			return
		}
		if err := CheckBirthDate(d, now); err != nil {
			t.Fatalf("accepted %q as %v, which CheckBirthDate rejects: %v", s, d, err)
		}
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
		if back := fmt.Sprintf("%02d%02d%02d", d.Day, int(d.Month), mod(d.Year, 100)); back != digits {
			t.Fatalf("accepted %q as %v, which reads back as %s", s, d, back)
		}
	})
}
