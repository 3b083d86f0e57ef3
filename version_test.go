package main

import (
	"os"
	"regexp"
	"testing"
)

// TestVersionIsFyneApps checks that the release this binary reports is the one written in
// FyneApp.toml, the file `fyne package` and scripts/package.sh read too.
func TestVersionIsFyneApps(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version line")
	}
	if version != string(m[1]) {
		t.Errorf("version = %q, FyneApp.toml says %q", version, m[1])
	}
}

func TestReleaseFromFyneAppBroken(t *testing.T) {
	for _, in := range []string{"", "[Details]\n", "not toml ["} {
		if got := releaseFromFyneApp([]byte(in)); got != "unknown" {
			t.Errorf("releaseFromFyneApp(%q) = %q, want unknown", in, got)
		}
	}
}
