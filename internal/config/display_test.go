package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestDisplaySound(t *testing.T) {
	if got := Default().Display.Sound; got != SoundChime {
		t.Errorf("default sound %q, want a chime", got)
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("mode = \"display\"\n[display]\nsound = \"speech\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, true, nil)
	if err != nil || cfg.Display.Sound != SoundSpeech {
		t.Fatalf("sound %q (%v), want speech", cfg.Display.Sound, err)
	}
	cfg, err = Load(path, true, []string{"CITIZENKIOSK_DISPLAY_SOUND=off"})
	if err != nil || cfg.Display.Sound != SoundOff {
		t.Fatalf("environment: sound %q (%v), want off", cfg.Display.Sound, err)
	}
}

func TestBadDisplaySound(t *testing.T) {
	for name, tc := range map[string]struct {
		toml string
		env  []string
		key  string
	}{
		"unknown sound":       {"[display]\nsound = \"loud\"", nil, "display.sound"},
		"typo in the section": {"[display]\nsund = \"chime\"", nil, "display.sund"},
		"bad environment":     {"", []string{"CITIZENKIOSK_DISPLAY_SOUND=on"}, "display.sound"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.toml")
			if err := os.WriteFile(path, []byte(tc.toml), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path, true, tc.env)
			var ce *Error
			if !errors.As(err, &ce) || ce.Key != tc.key {
				t.Errorf("got %v, want a config error on %s", err, tc.key)
			}
		})
	}
}
