package kiosk

import (
	"embed"
	"encoding/json"
	"log/slog"
	"os"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// translations holds the kiosk's texts in Danish and English, and Danish texts for the
// strings of Fyne's own dialogs, which Fyne does not ship.
//
//go:embed translations
var translations embed.FS

// Languages are the codes of the languages the kiosk speaks, in the order the welcome
// screen offers them. The first is the default.
var Languages = []string{"da", "en"}

var registerOnce sync.Once

// RegisterTranslations adds the kiosk's texts to fyne.io/fyne/v2/lang. It is safe to call
// more than once; SetLanguage calls it.
func RegisterTranslations() {
	registerOnce.Do(func() {
		if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
			slog.Error("load kiosk translations", "err", err)
		}
	})
}

// SetLanguage makes lang.L answer in the language with the given code ("da" or "en").
//
// Fyne picks its language from the environment ($LANGUAGE, read by lang whenever
// translations are added) and has no call to change it, so SetLanguage sets $LANGUAGE and
// adds an empty translation file to make lang look again (lang remembers one more
// language tag per call: a few bytes per citizen). Call it on the UI goroutine.
func SetLanguage(code string) {
	RegisterTranslations()
	if !supported(code) {
		code = Languages[0]
	}
	// gettext ignores $LANGUAGE when the locale is exactly "C" or "POSIX", and so does
	// Fyne's locale lookup; C.UTF-8 is the same locale without that rule.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			if v == "C" || v == "POSIX" {
				_ = os.Setenv(name, "C.UTF-8")
			}
			break
		}
	}
	_ = os.Setenv("LANGUAGE", code)
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(code)); err != nil {
		slog.Error("switch language", "language", code, "err", err)
	}
}

func supported(code string) bool {
	for _, l := range Languages {
		if l == code {
			return true
		}
	}
	return false
}

// inLanguage returns the translation of key in the language code from the kiosk's own
// files, or key itself. lang.L answers only in the current language; the waiting-room
// board shows Danish and English at once, so it reads both from the same files.
func inLanguage(code, key string) string {
	loadByLanguage.Do(func() {
		byLanguage = map[string]map[string]any{}
		for _, l := range Languages {
			b, err := translations.ReadFile("translations/" + l + ".json")
			if err != nil {
				slog.Error("read kiosk translations", "language", l, "err", err)
				continue
			}
			m := map[string]any{}
			if err := json.Unmarshal(b, &m); err != nil {
				slog.Error("read kiosk translations", "language", l, "err", err)
				continue
			}
			byLanguage[l] = m
		}
	})
	if s, ok := byLanguage[code][key].(string); ok {
		return s
	}
	return key
}

var (
	loadByLanguage sync.Once
	byLanguage     map[string]map[string]any // language → key → text (or plural forms)
)
