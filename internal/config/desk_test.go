package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestDeskSection: the [desk] table is read from the file and the environment overrides it.
func TestDeskSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	err := os.WriteFile(path, []byte(`
site = "odense"
[desk]
url = "https://desk.local:8443"
ca = "/etc/citizenkiosk/pki/ca.pem"
cert = "/etc/citizenkiosk/pki/door.pem"
key = "/etc/citizenkiosk/pki/door-key.pem"
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, true, []string{"CITIZENKIOSK_DESK_URL=https://10.0.0.5:8443", "CITIZENKIOSK_DESK_KEY=/k.pem"})
	if err != nil {
		t.Fatal(err)
	}
	want := Desk{URL: "https://10.0.0.5:8443", CA: "/etc/citizenkiosk/pki/ca.pem",
		Cert: "/etc/citizenkiosk/pki/door.pem", Key: "/k.pem"}
	if cfg.Desk != want || cfg.Site != "odense" {
		t.Errorf("desk %+v site %q, want %+v", cfg.Desk, cfg.Site, want)
	}
}

func TestDeskRefused(t *testing.T) {
	for name, d := range map[string]Desk{
		"https without certificates": {URL: "https://desk:8443", CA: "ca.pem"},
		"plain http on the LAN":      {URL: "http://192.168.1.4:8080"},
		"no host":                    {URL: "desk:8443"},
		"ftp":                        {URL: "ftp://desk", CA: "a", Cert: "b", Key: "c"},
	} {
		cfg := Default()
		cfg.Desk = d
		var ce *Error
		if err := cfg.Validate(); !errors.As(err, &ce) || ce.Key[:4] != "desk" {
			t.Errorf("%s: %v, want a desk config error", name, err)
		}
	}
	cfg := Default()
	cfg.Desk = Desk{URL: "http://127.0.0.1:4000"}
	if err := cfg.Validate(); err != nil {
		t.Errorf("loopback http: %v", err)
	}
}
