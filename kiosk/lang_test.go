package kiosk

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// TestEveryTextIsTranslated finds every lang.L and lang.N (and tr.L, a translator for a
// language other than the screen's) in the package's source and
// checks that da.json and en.json both have it, and that da.json also has Danish for
// every string of Fyne's own dialogs.
func TestEveryTextIsTranslated(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\b(?:lang|tr)\.[LN]\(\s*"((?:[^"\\]|\\.)*)"`)
	used := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllSubmatch(src, -1) {
			used[string(m[1])] = true
		}
	}
	if len(used) < 40 {
		t.Fatalf("found only %d texts: the pattern is broken", len(used))
	}
	for _, code := range Languages {
		msgs := readTranslations(t, code)
		for key := range used {
			if _, ok := msgs[key]; !ok {
				t.Errorf("%s.json lacks %q", code, key)
			}
		}
	}
	// Fyne's own texts (dialog buttons, weekdays) in Danish.
	da := readTranslations(t, "da")
	for _, key := range []string{"Cancel", "OK", "Yes", "No", "Confirm", "Error", "monday", "file.name"} {
		if _, ok := da[key]; !ok {
			t.Errorf("da.json lacks Fyne's %q", key)
		}
	}
}

func readTranslations(t *testing.T, code string) map[string]any {
	t.Helper()
	data, err := translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var msgs map[string]any
	if err := json.Unmarshal(data, &msgs); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return msgs
}

func TestSetLanguage(t *testing.T) {
	t.Cleanup(func() { SetLanguage("da") })
	SetLanguage("en")
	if got := lang.L("Cancel"); got != "Cancel" {
		t.Errorf("English Cancel = %q", got)
	}
	SetLanguage("da")
	if got := lang.L("Cancel"); got != "Annullér" {
		t.Errorf("Danish Cancel = %q", got)
	}
	if got := lang.N("{{.Count}} people ahead of you", 1, map[string]any{"Count": 1}); got != "1 person før dig" {
		t.Errorf("Danish singular = %q", got)
	}
	SetLanguage("xx")
	if got := lang.L("Welcome"); got != "Velkommen" {
		t.Errorf("unknown language gives %q, want the default, Danish", got)
	}
}
