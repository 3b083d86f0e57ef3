package booking

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Names typed at the kiosk are compared loosely: case, spaces, hyphens and apostrophes do
// not matter, accents are dropped (é = e), and the Danish letters match both their
// transliteration — ICAO 9303-3 §6 and the passport's MRZ write Æ, Ø, Å as AE, OE, AA — and
// the bare letter a foreign keyboard offers instead (Søren = Soeren = Soren).

// transliterated maps letters that Unicode does not decompose, or that a Nordic or German
// reader writes as two letters, to their ICAO transliteration.
var transliterated = map[rune]string{
	'æ': "ae", 'ø': "oe", 'å': "aa", 'ä': "ae", 'ö': "oe", 'ü': "ue",
	'ß': "ss", 'œ': "oe", 'þ': "th", 'ð': "d", 'đ': "d", 'ł': "l", 'ı': "i",
}

// bare maps the same letters to what a keyboard without them makes of them.
var bare = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ä': "a", 'ö': "o", 'ü': "u",
	'ß': "ss", 'œ': "oe", 'þ': "th", 'ð': "d", 'đ': "d", 'ł': "l", 'ı': "i",
}

// foldName lowers s, drops separators and marks, and spells special letters with table.
func foldName(s string, table map[rune]string) string {
	var b strings.Builder
	b.Grow(len(s))
	// NFC first so that "å" typed as a + combining ring is found in the table,
	// then NFD of whatever is left to drop accents (é → e + ´ → e).
	for _, r := range norm.NFC.String(s) {
		r = unicode.ToLower(r)
		if t, ok := table[r]; ok {
			b.WriteString(t)
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.IsLetter(d) || unicode.IsDigit(d) {
				b.WriteRune(unicode.ToLower(d))
			}
		}
	}
	return b.String()
}

// nameKeys returns the two folded spellings of s.
func nameKeys(s string) [2]string {
	return [2]string{foldName(s, transliterated), foldName(s, bare)}
}

// givenNameKeys returns the folded spellings under which a citizen with givenNames may give
// a first name: the first given name, or the first several run together ("Anne Marie" for
// "Anne-Marie Sofie"), each in both spellings.
func givenNameKeys(givenNames string) []string {
	parts := strings.FieldsFunc(givenNames, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '‐' })
	keys := make([]string, 0, 2*len(parts))
	var prefix strings.Builder
	for _, p := range parts {
		prefix.WriteString(p)
		k := nameKeys(prefix.String())
		keys = append(keys, k[0], k[1])
	}
	return keys
}

// FirstNameMatches reports whether typed, as a citizen enters a first name at the kiosk,
// names the citizen whose given names are givenNames. See the rules above.
func FirstNameMatches(typed, givenNames string) bool {
	in := nameKeys(typed)
	if in[0] == "" {
		return false
	}
	for _, k := range givenNameKeys(givenNames) {
		if k == in[0] || k == in[1] {
			return true
		}
	}
	return false
}
