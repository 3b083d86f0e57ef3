package kiosk

import (
	"errors"
	"strings"
	"testing"
)

func TestHashPIN(t *testing.T) {
	h, err := HashPIN("4711", minIterations)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "pbkdf2-sha256$1000$") || strings.Contains(h, "4711") {
		t.Errorf("hash %q", h)
	}
	again, _ := HashPIN("4711", minIterations)
	if again == h {
		t.Error("two hashes of one PIN are equal: no fresh salt")
	}
	l, refused := newStaffList(map[string]string{"7": h})
	if len(refused) != 0 {
		t.Fatalf("refused %v", refused)
	}
	for _, tt := range []struct {
		id, pin string
		want    bool
	}{
		{"7", "4711", true},
		{"7", "4712", false},
		{"7", "47110", false},
		{"8", "4711", false},
	} {
		if got := l.verify(tt.id, []byte(tt.pin)); got != tt.want {
			t.Errorf("verify(%s, %s) = %v", tt.id, tt.pin, got)
		}
	}
}

func TestHashPINRefuses(t *testing.T) {
	for _, tt := range []struct {
		pin  string
		iter int
		err  error
	}{
		{"123", 0, ErrInvalidPIN},
		{"123456789", 0, ErrInvalidPIN},
		{"12a4", 0, ErrInvalidPIN},
		{"", 0, ErrInvalidPIN},
		{"1234", 10, ErrBadPINHash}, // too few iterations
	} {
		if _, err := HashPIN(tt.pin, tt.iter); !errors.Is(err, tt.err) {
			t.Errorf("HashPIN(%q, %d): err = %v", tt.pin, tt.iter, err)
		}
	}
}

func TestCheckStaff(t *testing.T) {
	good, _ := HashPIN("4711", minIterations)
	parts := strings.Split(good, "$")
	tests := []struct {
		name  string
		staff map[string]string
		ok    bool
	}{
		{"good", map[string]string{"1042": good}, true},
		{"none", map[string]string{}, false},
		{"letters in the staff number", map[string]string{"ab": good}, false},
		{"a PIN instead of a hash", map[string]string{"1042": "4711"}, false},
		{"other scheme", map[string]string{"1042": "bcrypt$" + strings.Join(parts[1:], "$")}, false},
		{"cheap", map[string]string{"1042": strings.Join([]string{parts[0], "10", parts[2], parts[3]}, "$")}, false},
		{"bad salt", map[string]string{"1042": strings.Join([]string{parts[0], parts[1], "!!", parts[3]}, "$")}, false},
		{"short key", map[string]string{"1042": strings.Join([]string{parts[0], parts[1], parts[2], "AAAA"}, "$")}, false},
	}
	for _, tt := range tests {
		err := CheckStaff(tt.staff)
		if (err == nil) != tt.ok || err != nil && !errors.Is(err, ErrBadPINHash) {
			t.Errorf("%s: err = %v", tt.name, err)
		}
		if err != nil && strings.Contains(err.Error(), parts[3]) {
			t.Errorf("%s: the error shows the hash", tt.name)
		}
	}
}

// BenchmarkVerifyPIN is one login's PIN check at the production iteration count.
func BenchmarkVerifyPIN(b *testing.B) {
	h, err := HashPIN("4711", 0)
	if err != nil {
		b.Fatal(err)
	}
	l, _ := newStaffList(map[string]string{"7": h})
	for b.Loop() {
		if !l.verify("7", []byte("4711")) {
			b.Fatal("no match")
		}
	}
}
