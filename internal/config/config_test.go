package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLoadFileThenEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	err := os.WriteFile(path, []byte(`
mode = "counter"
kiosk_id = "odense-1"
idle_timeout = "45s"
[checkin]
early = "20m"
[printer]
kind = "tcp"
address = "127.0.0.1:9100"
[counter]
name = "3"
[counter.staff]
1042 = "pbkdf2-sha256$600000$a2lvc2stdGVzdC1zYWx0IQ$YSB3ZWxsLWZvcm1lZCBrZXkgb2YgMzIgYnl0ZXMuLi4"
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, true, []string{"CITIZENKIOSK_LANGUAGE=en", "UNRELATED=1"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Mode != ModeCounter || cfg.KioskID != "odense-1" || cfg.Language != "en" {
		t.Errorf("got mode %q id %q lang %q", cfg.Mode, cfg.KioskID, cfg.Language)
	}
	if cfg.IdleTimeout.Duration != 45*time.Second || cfg.CheckIn.Early.Duration != 20*time.Minute {
		t.Errorf("durations: idle %v early %v", cfg.IdleTimeout, cfg.CheckIn.Early)
	}
	if cfg.CheckIn.Late.Duration != 10*time.Minute {
		t.Errorf("late = %v, want the default 10m kept", cfg.CheckIn.Late)
	}
}

func TestCounterSection(t *testing.T) {
	cfg := Default()
	err := Parse([]byte(`
mode = "counter"
[counter]
name = "Skranke 3"
services = ["pas", "mitid"]
idle_logout = "10m"
[counter.staff]
1042 = "pbkdf2-sha256$600000$a2lvc2stdGVzdC1zYWx0IQ$YSB3ZWxsLWZvcm1lZCBrZXkgb2YgMzIgYnl0ZXMuLi4"
`), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.Counter.Name != "Skranke 3" || len(cfg.Counter.Services) != 2 || cfg.Counter.Staff["1042"] == "" || cfg.Counter.IdleLogout.Duration != 10*time.Minute {
		t.Errorf("counter = %+v", cfg.Counter)
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.toml")
	if _, err := Load(path, false, nil); err != nil {
		t.Fatalf("optional missing file: %v", err)
	}
	if _, err := Load(path, true, nil); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("required missing file: got %v", err)
	}
}

func TestBadConfig(t *testing.T) {
	for _, tc := range []struct{ name, toml, key string }{
		{"unknown key", `mdoe = "counter"`, "mdoe"},
		{"bad mode", `mode = "arcade"`, "mode"},
		{"bad language", `language = "sv"`, "language"},
		{"short idle", `idle_timeout = "1s"`, "idle_timeout"},
		{"printer without address", "[printer]\nkind = \"tcp\"", "printer.address"},
		{"kiosk id with slash", `kiosk_id = "a/b"`, "kiosk_id"},
		{"counter without name", "mode = \"counter\"\n[counter.staff]\n1042 = \"x\"", "counter.name"},
		{"counter without staff", "mode = \"counter\"\n[counter]\nname = \"3\"", "counter.staff"},
		{"counter with a PIN for a hash", "mode = \"counter\"\n[counter]\nname = \"3\"\n[counter.staff]\n1042 = \"4711\"", "counter.staff"},
		{"not toml", `mode = = 1`, ""},
		{"wrong type", `idle_timeout = 30`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.toml")
			if err := os.WriteFile(path, []byte(tc.toml), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path, true, nil)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want *config.Error", err)
			}
			if ce.Key != tc.key {
				t.Errorf("key %q, want %q (%v)", ce.Key, tc.key, err)
			}
		})
	}
}

func TestBadEnv(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "x.toml"), false, []string{"CITIZENKIOSK_IDLE_TIMEOUT=soon"})
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != "CITIZENKIOSK_IDLE_TIMEOUT" {
		t.Fatalf("got %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`mode = "counter"`))
	f.Add([]byte("[checkin]\nearly = \"5m\"\ncounters = 2"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg := Default()
		if err := Parse(b, &cfg); err != nil {
			return
		}
		_ = cfg.Validate() // must not panic on anything Parse accepted
	})
}
