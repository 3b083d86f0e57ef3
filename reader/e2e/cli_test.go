package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/internal/pcscdtest"
)

// testCLI is issue 5's "done when", with the real commands: `vchip --csca-out
// csca.pem [--tamper X]` in the vpcd reader, and `citizenkiosk read-id --trust
// csca.pem --json` reading it through pcscd.
func testCLI(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the commands:", err)
	}
	bin := t.TempDir()
	build := func(out, pkg string, tags ...string) string {
		path := filepath.Join(bin, out)
		args := append([]string{"build"}, tags...)
		cmd := exec.Command(goTool, append(args, "-o", path, pkg)...)
		cmd.Dir = filepath.Join("..", "..") // the module root
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
		return path
	}
	vchipBin := build("vchip", "./cmd/vchip")
	kioskBin := build("citizenkiosk", ".", "-tags", "ci")
	addr, name := pcscdtest.Start(t)

	for _, tt := range []struct {
		tamper, overall, passive, active, chip, cardAccess string
		extra                                              []string // more vchip switches
	}{
		{"", "genuine", "valid", "passed", "passed", "passed", nil},
		{"dg1", "not-genuine", "invalid", "passed", "passed", "passed", nil},
		{"ds-key", "not-genuine", "invalid", "passed", "passed", "passed", nil},
		{"expired-ds", "not-genuine", "invalid", "passed", "passed", "passed", nil},
		{"clone", "not-genuine", "valid", "failed", "failed", "passed", nil},
		{"", "not-genuine", "valid", "passed", "passed", "failed", []string{"--alter-card-access"}},
		{"", "genuine", "valid", "passed", "passed", "passed", []string{"--plain-errors", "--no-sfi"}},
	} {
		t.Run(fmt.Sprintf("tamper=%s%v", tt.tamper, tt.extra), func(t *testing.T) {
			waitPresent(t, name, false)
			csca := filepath.Join(t.TempDir(), "csca.pem")
			chip := exec.Command(vchipBin, append([]string{"--vpcd", addr, "--doc", "L898902C<", "--birth", "690806",
				"--expiry", "940623", "--csca-out", csca, "--tamper", tt.tamper}, tt.extra...)...)
			var chipLog bytes.Buffer
			chip.Stderr = &chipLog
			if err := chip.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				_ = chip.Process.Signal(syscall.SIGTERM) // our own child, by its PID
				_ = chip.Wait()
				waitPresent(t, name, false)
			})
			waitPresent(t, name, true)

			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var out, errs bytes.Buffer
			read := exec.CommandContext(ctx, kioskBin, "read-id", "--reader", name, "--json", "--trust", csca,
				"--doc", "L898902C<", "--birth", "690806", "--expiry", "940623")
			read.Stdout, read.Stderr = &out, &errs
			read.Env = append(os.Environ(), "LANG=en_US.UTF-8")
			if err := read.Run(); err != nil {
				t.Fatalf("read-id: %v\n%s\nvchip: %s", err, errs.String(), chipLog.String())
			}
			var got struct {
				Expired      bool
				Authenticity struct {
					Expired bool
					Overall string
					Passive struct{ Status string }
					Active  struct{ Status string } `json:"activeAuthentication"`
					Chip    struct{ Status string } `json:"chipAuthentication"`
					Card    struct{ Status string } `json:"cardAccess"`
				}
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("%v: %s", err, out.String())
			}
			a := got.Authenticity
			if !got.Expired || !a.Expired {
				t.Errorf("the specimen expired in 1994; read-id --json says expired %v, verdict %v", got.Expired, a.Expired)
			}
			if a.Overall != tt.overall || a.Passive.Status != tt.passive || a.Active.Status != tt.active ||
				a.Chip.Status != tt.chip || a.Card.Status != tt.cardAccess {
				t.Errorf("authenticity %+v, want %s %s %s %s %s\n%s", a, tt.overall, tt.passive, tt.active, tt.chip,
					tt.cardAccess, out.String())
			}
		})
	}
}
