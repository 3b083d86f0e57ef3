package seal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func testSealer(t testing.TB, label string) *Sealer {
	t.Helper()
	s, err := New(bytes.Repeat([]byte{7}, KeySize), label)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSealOpen(t *testing.T) {
	s := testSealer(t, "test/v1")
	ad := AD([]byte("days"), []byte("odense"))
	plain := []byte(`{"surname":"Quillfeather"}`)
	sealed := s.Seal(ad, plain)
	if bytes.Contains(sealed, []byte("Quillfeather")) {
		t.Fatal("the sealed value holds the plaintext")
	}
	if got, err := s.Open(ad, sealed); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("open: %q %v", got, err)
	}
	if bytes.Equal(s.Seal(ad, plain), sealed) {
		t.Error("two seals of one value are equal: the nonce is not fresh")
	}
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	for name, tt := range map[string]struct {
		s      *Sealer
		ad, in []byte
	}{
		"other place":  {s, AD([]byte("days"), []byte("aarhus")), sealed},
		"tampered":     {s, ad, tampered},
		"too short":    {s, ad, sealed[:10]},
		"other label":  {testSealer(t, "test/v2"), ad, sealed},
		"empty":        {s, ad, nil},
		"ad ambiguity": {s, AD([]byte("days\x00odense")), sealed[:0]},
	} {
		if _, err := tt.s.Open(tt.ad, tt.in); !errors.Is(err, ErrOpen) {
			t.Errorf("%s: %v, want ErrOpen", name, err)
		}
	}
	if bytes.Equal(s.Check(), testSealer(t, "test/v2").Check()) {
		t.Error("the key check does not depend on the label")
	}
}

func TestNewRefusesWrongKeyLength(t *testing.T) {
	if _, err := New(make([]byte, 16), "x"); !errors.Is(err, ErrKeyInvalid) {
		t.Fatalf("%v, want ErrKeyInvalid", err)
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seal.key")
	if _, err := ReadKeyFile(path); !errors.Is(err, ErrKeyMissing) {
		t.Fatalf("missing: %v", err)
	}
	key, err := CreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v (%v), want 0600", info.Mode(), err)
	}
	if got, err := ReadKeyFile(path); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("read back: %v", err)
	}
	if _, err := CreateKeyFile(path); err == nil {
		t.Error("an existing key file was replaced")
	}
	if got, _ := ReadKeyFile(path); !bytes.Equal(got, key) {
		t.Error("the key file changed")
	}
	short := filepath.Join(t.TempDir(), "short.key")
	if err := os.WriteFile(short, []byte("abc"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadKeyFile(short); !errors.Is(err, ErrKeyInvalid) {
		t.Errorf("short file: %v, want ErrKeyInvalid", err)
	}
}

// FuzzOpen: whatever a damaged file holds, Open answers with an error, never a panic or a
// plaintext.
func FuzzOpen(f *testing.F) {
	s := testSealer(f, "fuzz/v1")
	f.Add([]byte("days"), s.Seal([]byte("days"), []byte("x")))
	f.Add([]byte(""), []byte{})
	f.Fuzz(func(t *testing.T, ad, sealed []byte) {
		if plain, err := s.Open(ad, sealed); err == nil && !bytes.Equal(ad, []byte("days")) {
			t.Fatalf("opened %q under another place", plain)
		}
	})
}
