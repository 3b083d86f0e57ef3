package main

import (
	"cmp"
	_ "embed"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/BurntSushi/toml"
)

// fyneApp is FyneApp.toml, the one place the release number is written: `fyne package`
// reads it for the tar.xz, scripts/package.sh for the .deb and .exe names, and this binary
// (through the embed) for `citizenkiosk version` and the board's corner. A plain `go build`
// or `go run` so reports the same number as a package does, without -ldflags.
//
//go:embed FyneApp.toml
var fyneApp []byte

// releaseOverride, when set with `-ldflags "-X main.releaseOverride=…"`, replaces the
// release; only scripts/package-test.sh does that, to make an older package from this tree.
// (-X cannot set version itself: the linker's value would be overwritten by its initializer.)
var releaseOverride string

// version is the release this binary reports.
var version = cmp.Or(releaseOverride, releaseFromFyneApp(fyneApp))

// releaseFromFyneApp returns [Details] Version from FyneApp.toml, or "unknown" when the
// file cannot be read: the binary still runs, and `version` shows that something is off.
func releaseFromFyneApp(b []byte) string {
	var meta struct{ Details struct{ Version string } }
	if _, err := toml.Decode(string(b), &meta); err != nil || meta.Details.Version == "" {
		return "unknown"
	}
	return meta.Details.Version
}

// versionString is what `citizenkiosk version` prints: release, commit and Go version.
func versionString() string {
	commit := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				commit = s.Value[:12]
			}
		}
	}
	return fmt.Sprintf("citizenkiosk %s (%s, %s)", version, commit, runtime.Version())
}
