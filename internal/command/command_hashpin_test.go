package command

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
)

// hash-pin refuses the PINs a guesser tries first, and says which rule without the PIN.
func TestHashPINRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, pin string
		args      []string
		says      string
	}{
		{"one digit", "0000", []string{"--staff", "1042"}, "one digit repeated"},
		{"a run up", "1234", []string{"--staff", "1042"}, "counting up or down"},
		{"a run down", "98765", []string{"--staff", "1042"}, "counting up or down"},
		{"the staff number", "104217", []string{"--staff", "104217"}, "staff number"},
		{"too short", "471", []string{"--staff", "1042"}, "4 to 8 digits"},
		{"no staff number", "4711", nil, "--staff"},
		{"letters for a staff number", "4711", []string{"--staff", "ab"}, "--staff"},
		{"the PIN as an argument", "", []string{"--staff", "1042", "4711"}, "stdin"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := cmdHashPIN(tt.args, strings.NewReader(tt.pin+"\n"), &out, &errb)
			if code != 2 || out.Len() != 0 {
				t.Fatalf("exit %d, printed %q", code, out.String())
			}
			if !strings.Contains(errb.String(), tt.says) {
				t.Errorf("stderr %q does not say %q", errb.String(), tt.says)
			}
			if tt.pin != "" && strings.Contains(errb.String(), tt.pin) && tt.name != "the staff number" {
				t.Errorf("stderr shows the PIN: %q", errb.String())
			}
		})
	}
}

// What hash-pin prints at its default cost a counter's config accepts; a cheaper hash the
// config refuses, naming the staff number and the way out.
func TestHashPINIntoConfig(t *testing.T) {
	var out, errb bytes.Buffer
	if code := cmdHashPIN([]string{"--staff", "1042"}, strings.NewReader("4711\n"), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	cheap, err := staffpin.Hash("4711", staffpin.MinIterations)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		hash string
		err  error
	}{
		{strings.TrimSpace(out.String()), nil},
		{cheap, staffpin.ErrWeakHash},
		{"pbkdf2-sha256$600000$c2FsdA$a2V5", staffpin.ErrBadHash}, // salt and key too short
	} {
		path := filepath.Join(t.TempDir(), "config.toml")
		file := "mode = \"counter\"\nkiosk_id = \"k1\"\n[counter]\nname = \"3\"\n[counter.staff]\n1042 = \"" + tt.hash + "\"\n"
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := config.Load(path, true, nil)
		if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
			t.Errorf("config with %.30s…: %v, want %v", tt.hash, err, tt.err)
		}
		if err != nil && (!strings.Contains(err.Error(), "counter.staff") || !strings.Contains(err.Error(), "1042")) {
			t.Errorf("the error does not name counter.staff and the staff number: %v", err)
		}
	}
}
