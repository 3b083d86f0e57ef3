package staffpin

import (
	"errors"
	"strings"
	"testing"
)

func TestHash(t *testing.T) {
	h, err := Hash("4711", MinIterations)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "pbkdf2-sha256$1000$") || strings.Contains(h, "4711") {
		t.Errorf("hash %q", h)
	}
	again, _ := Hash("4711", MinIterations)
	if again == h {
		t.Error("two hashes of one PIN are equal: no fresh salt")
	}
	p, err := Parse(h)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		pin  string
		want bool
	}{{"4711", true}, {"4712", false}, {"47110", false}, {"", false}} {
		if got := p.Matches([]byte(tt.pin)); got != tt.want {
			t.Errorf("Matches(%s) = %v", tt.pin, got)
		}
	}
	if (Parsed{}).Matches(nil) || Decoy(MinIterations).Matches([]byte("0000")) {
		t.Error("the zero value or a decoy matched")
	}
}

func TestHashRefuses(t *testing.T) {
	for _, tt := range []struct {
		pin  string
		iter int
		err  error
	}{
		{"123", 0, ErrInvalidPIN},
		{"123456789", 0, ErrInvalidPIN},
		{"12a4", 0, ErrInvalidPIN},
		{"", 0, ErrInvalidPIN},
		{"4711", 10, ErrBadHash},
	} {
		if _, err := Hash(tt.pin, tt.iter); !errors.Is(err, tt.err) {
			t.Errorf("Hash(%q, %d): err = %v", tt.pin, tt.iter, err)
		}
	}
}

// FuzzParse: a config file is outside input; Parse must not panic, and what it accepts
// must be usable.
func FuzzParse(f *testing.F) {
	good, err := Hash("4711", MinIterations)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{good, "", "$$$", "pbkdf2-sha256$1000$$", "pbkdf2-sha256$99999999999999999999$a$b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrBadHash) {
				t.Fatalf("error %v does not wrap ErrBadHash", err)
			}
			return
		}
		if h.Iterations() < MinIterations || h.Iterations() > maxIterations || len(h.salt) < 8 || len(h.key) < 16 {
			t.Fatalf("accepted %q as %d iterations, salt %d, key %d", s, h.Iterations(), len(h.salt), len(h.key))
		}
	})
}

// BenchmarkMatches is one login's PIN check at the production iteration count.
func BenchmarkMatches(b *testing.B) {
	s, err := Hash("4711", 0)
	if err != nil {
		b.Fatal(err)
	}
	h, _ := Parse(s)
	for b.Loop() {
		if !h.Matches([]byte("4711")) {
			b.Fatal("no match")
		}
	}
}
