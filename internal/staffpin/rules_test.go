package staffpin

import (
	"errors"
	"strings"
	"testing"
)

func TestChoose(t *testing.T) {
	for _, tt := range []struct {
		pin, staff string
		err        error
	}{
		{"4711", "1042", nil},
		{"7351", "1042", nil},
		{"1357", "1042", nil},
		{"12345678", "1042", ErrTrivialPIN}, // run of eight
		{"1234", "1042", ErrTrivialPIN},
		{"0123", "1042", ErrTrivialPIN},
		{"7890", "1042", ErrTrivialPIN}, // runs wrap past 9
		{"4321", "1042", ErrTrivialPIN},
		{"0987", "1042", ErrTrivialPIN},
		{"0000", "1042", ErrTrivialPIN},
		{"999999", "1042", ErrTrivialPIN},
		{"1042", "1042", ErrTrivialPIN}, // the staff number
		{"10421", "1042", nil},
		{"123", "1042", ErrInvalidPIN},
		{"12a45", "1042", ErrInvalidPIN},
	} {
		err := Choose(tt.pin, tt.staff)
		if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("Choose(%q, %q) = %v, want %v", tt.pin, tt.staff, err, tt.err)
		}
		if err != nil && strings.Contains(err.Error(), tt.pin) {
			t.Errorf("Choose(%q): the error shows the PIN: %v", tt.pin, err)
		}
	}
}

func TestCheckStaff(t *testing.T) {
	good, _ := Hash("4711", MinIterations)
	parts := strings.Split(good, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	tests := []struct {
		name  string
		staff map[string]string
		min   int
		err   error
	}{
		{"good", map[string]string{"1042": good}, MinIterations, nil},
		{"none", map[string]string{}, MinIterations, ErrBadHash},
		{"letters in the staff number", map[string]string{"ab": good}, MinIterations, ErrBadHash},
		{"staff number too long", map[string]string{"123456789": good}, MinIterations, ErrBadHash},
		{"a PIN instead of a hash", map[string]string{"1042": "4711"}, MinIterations, ErrBadHash},
		{"other scheme", map[string]string{"1042": with(0, "bcrypt")}, MinIterations, ErrBadHash},
		{"cheap", map[string]string{"1042": with(1, "10")}, MinIterations, ErrBadHash},
		{"bad salt", map[string]string{"1042": with(2, "!!")}, MinIterations, ErrBadHash},
		{"short key", map[string]string{"1042": with(3, "AAAA")}, MinIterations, ErrBadHash},
		// Well formed, but made with fewer iterations than the current cost.
		{"weaker than the current cost", map[string]string{"1042": good}, Iterations, ErrWeakHash},
		{"current cost", map[string]string{"1042": with(1, "600000")}, Iterations, nil},
	}
	for _, tt := range tests {
		err := CheckStaff(tt.staff, tt.min)
		if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.err)
		}
		if err != nil && strings.Contains(err.Error(), parts[3]) {
			t.Errorf("%s: the error shows the hash", tt.name)
		}
	}
}
