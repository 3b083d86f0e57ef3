package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestFlags(t *testing.T) {
	tls := []string{"--tls-cert", "c.pem", "--tls-key", "k.pem", "--client-ca", "ca.pem"}
	tests := []struct {
		name string
		args []string
		ok   bool
		says string
	}{
		{"mutual TLS", append([]string{"--db", "d", "--listen", ":8443"}, tls...), true, ""},
		{"plain on loopback", []string{"--db", "d", "--listen", "127.0.0.1:0", "--insecure-loopback"}, true, ""},
		{"plain on localhost", []string{"--db", "d", "--listen", "localhost:80", "--insecure-loopback"}, true, ""},
		{"plain on IPv6 loopback", []string{"--db", "d", "--listen", "[::1]:80", "--insecure-loopback"}, true, ""},
		{"plain on every interface", []string{"--db", "d", "--listen", ":8080", "--insecure-loopback"}, false, "refusing plain HTTP"},
		{"plain on a LAN address", []string{"--db", "d", "--listen", "192.168.1.5:80", "--insecure-loopback"}, false, "refusing plain HTTP"},
		{"plain on a name", []string{"--db", "d", "--listen", "central.example:80", "--insecure-loopback"}, false, "refusing plain HTTP"},
		{"no TLS, no insecure", []string{"--db", "d", "--listen", "127.0.0.1:0"}, false, "mutual TLS needs"},
		{"half the TLS flags", []string{"--db", "d", "--tls-cert", "c.pem", "--tls-key", "k.pem"}, false, "mutual TLS needs"},
		{"both", append([]string{"--db", "d", "--listen", "127.0.0.1:0", "--insecure-loopback"}, tls...), false, "exclude"},
		{"no db", []string{"--listen", "127.0.0.1:0", "--insecure-loopback"}, false, "--db"},
		{"limits", []string{"--db", "d", "--listen", "127.0.0.1:0", "--insecure-loopback", "--codes-per-kiosk-hour", "5", "--codes-per-staff-hour", "2"}, true, ""},
		{"no codes at all", []string{"--db", "d", "--listen", "127.0.0.1:0", "--insecure-loopback", "--codes-per-kiosk-hour", "0"}, false, "at least 1"},
		{"unknown flag", []string{"--nope"}, false, "not defined"},
		{"retention", []string{"--db", "d", "--listen", "127.0.0.1:0", "--insecure-loopback", "--retention-days", "0"}, true, ""},
		{"negative retention", []string{"--db", "d", "--listen", "127.0.0.1:0", "--insecure-loopback", "--retention-days", "-1"}, false, "--retention-days"},
		{"PostgreSQL with a key", []string{"--db", "postgres://c@db/central", "--key-file", "k", "--listen", "127.0.0.1:0", "--insecure-loopback"}, true, ""},
		{"PostgreSQL without a key", []string{"--db", "postgresql:///central", "--listen", "127.0.0.1:0", "--insecure-loopback"}, false, "--key-file is required"},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		_, err := parseFlags(tt.args, &stderr)
		if (err == nil) != tt.ok || (!tt.ok && !errors.Is(err, errUsage)) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !strings.Contains(stderr.String(), tt.says) {
			t.Errorf("%s: stderr %q, want it to say %q", tt.name, stderr.String(), tt.says)
		}
	}
}

// TestRefusesPlainHTTPOffLoopback runs the program: exit status 2, a message, no server.
func TestRefusesPlainHTTPOffLoopback(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--db", t.TempDir() + "/c.db", "--listen", "0.0.0.0:0", "--insecure-loopback"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "refusing plain HTTP on 0.0.0.0:0") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestPKIUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"pki"}, &stdout, &stderr); code != 2 {
		t.Errorf("pki without DIR: exit %d", code)
	}
	dir := t.TempDir() + "/pki"
	if code := run(context.Background(), []string{"pki", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("pki: exit %d: %s", code, stderr.String())
	}
	// Never overwrite a PKI: its keys may be in use.
	if code := run(context.Background(), []string{"pki", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("pki over an existing one: exit %d", code)
	}
}

// TestPKISites: each --kiosk is bound to the --site before it, and the output says which
// file is whose.
func TestPKISites(t *testing.T) {
	var stdout, stderr bytes.Buffer
	dir := t.TempDir() + "/pki"
	args := []string{"pki", "--site", "odense", "--kiosk", "door-1", "--kiosk", "counter-2", "--site", "aarhus", "--kiosk", "door-1", dir}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("pki: exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"kiosk door-1 of site odense: " + dir + "/client.pem",
		"kiosk counter-2 of site odense: " + dir + "/client-2.pem", "kiosk door-1 of site aarhus: " + dir + "/client-3.pem"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output %q does not say %q", stdout.String(), want)
		}
	}
	if code := run(context.Background(), []string{"pki", "--site", "a/b", "--kiosk", "k", t.TempDir() + "/x"}, &stdout, &stderr); code != 1 {
		t.Errorf("site with a slash: exit %d", code)
	}
}

// TestMigrateUsage: migrate is for PostgreSQL only, and says so.
func TestMigrateUsage(t *testing.T) {
	for _, args := range [][]string{{"migrate"}, {"migrate", "--db", "central.db"}, {"migrate", "--db", "postgres:///c", "extra"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage: centrald migrate") {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}
