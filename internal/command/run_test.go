package command

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

func TestVersionAndUnknownCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Run([]string{"version"}, nil, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "citizenkiosk ") {
		t.Fatalf("version: code %d, out %q", code, out.String())
	}
	out.Reset()
	if code := Run([]string{"frobnicate"}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "unknown command") {
		t.Fatalf("unknown command: code %d, stderr %q", code, errb.String())
	}
}

// A second kiosk on the same data directory must stop with a clear message and status 1
// within a few seconds, not hang and not open the window.
func TestLockedDatabase(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(filepath.Join(dir, "kiosk.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var errb bytes.Buffer
	start := time.Now()
	code := Run([]string{"--data", dir}, nil, &bytes.Buffer{}, &errb)
	if code != 1 {
		t.Fatalf("status %d, want 1; stderr %q", code, errb.String())
	}
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("took %v to give up", d)
	}
	if !strings.Contains(errb.String(), "in use by another citizenkiosk") {
		t.Errorf("message %q does not say what is wrong", errb.String())
	}
}

// A corrupt database is named, with what to do, and left as it was.
func TestCorruptDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.db")
	garbage := bytes.Repeat([]byte("not a bbolt file "), 1000)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	if code := Run([]string{"--data", dir}, nil, &bytes.Buffer{}, &errb); code != 1 {
		t.Fatalf("status %d, want 1; stderr %q", code, errb.String())
	}
	if !strings.Contains(errb.String(), path) {
		t.Errorf("message %q does not name the file", errb.String())
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, garbage) {
		t.Error("the corrupt file was changed")
	}
}

func TestBadConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(path, []byte(`mode = "arcade"`), 0o600); err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	if code := Run([]string{"--config", path, "--data", t.TempDir()}, nil, &bytes.Buffer{}, &errb); code != 2 {
		t.Fatalf("status %d, want 2; stderr %q", code, errb.String())
	}
	if !strings.Contains(errb.String(), "mode") {
		t.Errorf("message %q does not name the key", errb.String())
	}
}

// Debian's default locale C.UTF-8 must not make Fyne print an error at start-up
// (internal/locale). The test binary initialises like the real one, so run it again.
func TestNoLocaleNoiseUnderCUTF8(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestVersionAndUnknownCommand$")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LANG") && !strings.HasPrefix(kv, "LC_") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "LANG=C.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(string(out), "locale") {
		t.Errorf("start-up under C.UTF-8 printed:\n%s", out)
	}
}

// The demo's staff table is one the counter accepts, and, hashed cheaply as it is, one a
// config file could never carry into a real counter.
func TestDemoCounterStaffIsAccepted(t *testing.T) {
	c := demoCounter()
	if err := staffpin.CheckStaff(c.Staff, staffpin.MinIterations); err != nil {
		t.Fatal(err)
	}
	if c.Centre == "" {
		t.Error("the demo's activation letters would name no centre")
	}
	cfg := config.Default()
	cfg.Mode, cfg.Counter = config.ModeCounter, c
	if err := cfg.Validate(); !errors.Is(err, staffpin.ErrWeakHash) {
		t.Fatalf("the demo's cheap hash in a config: %v, want ErrWeakHash", err)
	}
}
