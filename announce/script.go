package announce

import "strings"

// Mode is what the board plays for a call: the chime alone, or the chime and then the
// number and counter spoken in Danish and English.
type Mode string

const (
	ModeChime  Mode = "chime"
	ModeSpeech Mode = "speech"
)

// Languages are the languages of the spoken calls, in the order they are spoken: Danish
// first, since most of the waiting room understands it.
var Languages = []string{"da", "en"}

// ClipChime names the chime in a script.
const ClipChime = "chime"

// Script returns the clips of one call's announcement, in order: the chime, then for
// ModeSpeech in each language "number", the ticket number spelled, "counter", the counter
// spelled; for example chime, da/number, da/a, da/4, da/2, da/counter, da/3, en/number, …
// for ticket A042 at counter 3. The ticket's digits are read without leading zeros, one by
// one ("A 4 2", as queue boards say it), since clips of whole Danish numbers would need
// every number's own word ("toogfyrre"). Characters without a clip (æøå, punctuation) are
// left out; a counter whose name has none is not spoken at all.
func Script(mode Mode, ticket, counter string) []string {
	out := []string{ClipChime}
	if mode != ModeSpeech {
		return out
	}
	number, desk := spell(ticket), spell(counter)
	if len(number) == 0 {
		return out
	}
	for _, lang := range Languages {
		out = append(out, lang+"/number")
		for _, w := range number {
			out = append(out, lang+"/"+w)
		}
		if len(desk) > 0 {
			out = append(out, lang+"/counter")
			for _, w := range desk {
				out = append(out, lang+"/"+w)
			}
		}
	}
	return out
}

// spell splits s into the names of its letter and digit clips ("A042" → a 4 2): letters
// a-z and digits, with the leading zeros of each run of digits dropped (one zero stays if
// the run is all zeros).
func spell(s string) []string {
	var out []string
	digits := ""
	flush := func() {
		if digits == "" {
			return
		}
		d := strings.TrimLeft(digits, "0")
		if d == "" {
			d = "0"
		}
		for _, r := range d {
			out = append(out, string(r))
		}
		digits = ""
	}
	for _, r := range strings.ToLower(s) {
		if r >= '0' && r <= '9' {
			digits += string(r)
			continue
		}
		flush() // anything else ends a number: "1 2" is one, two
		if r >= 'a' && r <= 'z' {
			out = append(out, string(r))
		}
	}
	flush()
	return out
}
