package mrz

import (
	"errors"
	"testing"
	"time"
)

func TestBirth(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, birth string
		want        string // YYYY-MM-DD
	}{
		{"specimen 1974", "740812", "1974-08-12"},
		{"BAC example 1969", "690806", "1969-08-06"},
		{"born this morning", "261125", "2026-11-25"},
		{"tomorrow's date is a century ago", "261126", "1926-11-26"},
		{"2000 was a leap year", "000229", "2000-02-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MRZ{BirthDate: tt.birth}.Birth(now)
			if err != nil || got.Format(time.DateOnly) != tt.want {
				t.Errorf("Birth(%s) = %v, %v; want %s", tt.birth, got, err, tt.want)
			}
		})
	}
	for _, unknown := range []string{"7408<<", "<<<<<<", "", "7408121", "180229", "741301"} {
		if _, err := (MRZ{BirthDate: unknown}).Birth(now); !errors.Is(err, ErrUnknownDate) {
			t.Errorf("Birth(%q) error = %v, want ErrUnknownDate", unknown, err)
		}
	}
}

func TestExpiry(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, expiry, want string
	}{
		{"specimen expired 2012", "120415", "2012-04-15"},
		{"BAC example expired 1994", "940623", "1994-06-23"},
		{"ten-year passport", "361124", "2036-11-24"},
		{"49 years ahead", "751231", "2075-12-31"},
		{"50 years back", "760101", "1976-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MRZ{ExpiryDate: tt.expiry}.Expiry(now)
			if err != nil || got.Format(time.DateOnly) != tt.want {
				t.Errorf("Expiry(%s) = %v, %v; want %s", tt.expiry, got, err, tt.want)
			}
			if got.Location() != now.Location() {
				t.Errorf("location %v, want %v", got.Location(), now.Location())
			}
		})
	}
	if _, err := (MRZ{ExpiryDate: "120431"}).Expiry(now); !errors.Is(err, ErrUnknownDate) {
		t.Errorf("Expiry(31 April) error = %v, want ErrUnknownDate", err)
	}
}
