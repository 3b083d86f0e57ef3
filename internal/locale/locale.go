// Package locale keeps Fyne from complaining about the "C.UTF-8" locale that Debian machines,
// containers and CI run with. Fyne reads the locale while its lang package initialises and
// cannot parse "C" as a language, so every command printed "Fyne error: Error parsing user
// locale C". Importing this package for its side effect (from main, before anything else)
// names English as the language of messages in that one case; a real locale is left alone.
//
// It works because Go initialises packages in import-path order among those whose imports
// are ready (the Go spec, "Package initialization"): this package imports only os, so it runs
// before github.com/jeandeaual/go-locale and therefore before fyne.io/fyne/v2/lang.
package locale

import "os"

func init() { apply(os.Getenv, os.Setenv) }

// apply sets LANGUAGE=en when the effective locale is C or POSIX with a suffix, the case
// the go-locale library turns into the unparseable language tag "C".
func apply(getenv func(string) string, setenv func(string, string) error) {
	if getenv("LANGUAGE") != "" {
		return
	}
	var loc string
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = getenv(name); loc != "" {
			break
		}
	}
	for _, c := range []string{"C.", "POSIX."} {
		if len(loc) > len(c) && loc[:len(c)] == c {
			_ = setenv("LANGUAGE", "en")
			return
		}
	}
}
