package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release; `-ldflags "-X main.version=…"` overrides it.
var version = "0.1.0"

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
