package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// Ids that cannot sync are refused at load, by key, with the allowed form in the message.
func TestBadIDs(t *testing.T) {
	for _, tc := range []struct{ name, toml, env, key string }{
		{"kiosk id ..", `kiosk_id = ".."`, "", "kiosk_id"},
		{"kiosk id .", `kiosk_id = "."`, "", "kiosk_id"},
		{"kiosk id with a space", `kiosk_id = "door 1"`, "", "kiosk_id"},
		{"kiosk id with æ", `kiosk_id = "kø"`, "", "kiosk_id"},
		{"kiosk id too long", `kiosk_id = "` + strings.Repeat("k", 65) + `"`, "", "kiosk_id"},
		{"empty kiosk id", `kiosk_id = ""`, "", "kiosk_id"},
		{"site ..", `site = ".."`, "", "site"},
		{"site with ?", `site = "odense?x=1"`, "", "site"},
		{"empty site", `site = ""`, "", "site"},
		{"kiosk id .. from the environment", ``, "CITIZENKIOSK_KIOSK_ID=..", "kiosk_id"},
		{"site .. from the environment", ``, "CITIZENKIOSK_SITE=..", "site"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.toml")
			if err := os.WriteFile(path, []byte(tc.toml), 0o600); err != nil {
				t.Fatal(err)
			}
			var env []string
			if tc.env != "" {
				env = []string{tc.env}
			}
			_, err := Load(path, true, env)
			var ce *Error
			if !errors.As(err, &ce) || ce.Key != tc.key {
				t.Fatalf("got %v, want a *config.Error for %s", err, tc.key)
			}
			if !strings.Contains(err.Error(), api.IDForm) {
				t.Errorf("the message does not say the allowed form: %v", err)
			}
		})
	}
}

func TestGoodIDs(t *testing.T) {
	cfg := Default()
	if err := Parse([]byte(`kiosk_id = "odense.door-1_B"`+"\n"+`site = "odense"`), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
}

// The default kiosk id comes from the host name, made valid or left empty.
func TestHostKioskID(t *testing.T) {
	for _, tt := range []struct{ host, want string }{
		{"kiosk-1", "kiosk-1"},
		{"door1.odense.kommune.dk", "door1.odense.kommune.dk"},
		{"Skranke 3", "Skranke-3"},
		{"kø", "k--"}, // ø is two bytes in UTF-8
		{strings.Repeat("h", 70), strings.Repeat("h", 64)},
		{"..", ""},
		{"", ""},
	} {
		if got := hostKioskID(tt.host); got != tt.want {
			t.Errorf("hostKioskID(%q) = %q, want %q", tt.host, got, tt.want)
		}
		if got := hostKioskID(tt.host); got != "" && !api.ValidKioskID(got) {
			t.Errorf("hostKioskID(%q) = %q, which the central API refuses", tt.host, got)
		}
	}
	// No usable id from the host: the message says to set kiosk_id.
	cfg := Default()
	cfg.KioskID = hostKioskID("..")
	err := cfg.Validate()
	if !errors.Is(err, ErrNoKioskID) || !strings.Contains(err.Error(), "set kiosk_id") {
		t.Fatalf("got %v, want ErrNoKioskID", err)
	}
}

// FuzzHostKioskID: the default id is valid or empty, whatever the host is called.
func FuzzHostKioskID(f *testing.F) {
	for _, s := range []string{"kiosk", "..", "a b", "ø", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		if id := hostKioskID(host); id != "" && !api.ValidKioskID(id) {
			t.Fatalf("hostKioskID(%q) = %q, not a valid id", host, id)
		}
	})
}
