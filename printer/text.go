package printer

import (
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// replacements are the characters outside code page 865 that a translator
// or a browser-made string is likely to contain, with what prints instead.
// They are visible on purpose: a slip that says "?" is better than a slip
// that silently drops a word, and far better than no slip.
var replacements = map[rune]string{
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
	'€': "EUR",
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
	'“': `"`, '”': `"`, '„': `"`, '″': `"`, '«': "<<", '»': ">>",
	'…': "...", '•': "*", '·': ".",
	'\t': " ", '\u2009': " ", '\u202f': " ", '\u200b': "",
}

// Printable returns s as it will print in code page 865: unchanged when
// every character is on the page (æøåÆØÅ, ä, ö, ü, é and the other Latin
// letters of CP865), otherwise with each missing character replaced:
//
//   - dashes (–, —, −) by "-", "€" by "EUR", curly quotes by straight ones,
//     "…" by "...";
//   - a letter with a diacritic the page lacks by its base letter (š → s);
//   - control characters other than "\n", and everything else (emoji,
//     Arabic, Chinese), by "?".
//
// Text is first put in Unicode NFC, so that "a" + combining ring prints å.
func Printable(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		b.WriteString(printableRune(r))
	}
	return b.String()
}

func printableRune(r rune) string {
	if r == '\n' {
		return "\n"
	}
	if rep, ok := replacements[r]; ok {
		return rep
	}
	if r < 0x20 || r == 0x7f || unicode.Is(unicode.C, r) {
		return "?" // never let text smuggle a command byte to the printer
	}
	if _, ok := charmap.CodePage865.EncodeRune(r); ok {
		return string(r)
	}
	// A letter with a diacritic: decompose and keep the base if it prints.
	if d := []rune(norm.NFD.String(string(r))); len(d) > 1 {
		if _, ok := charmap.CodePage865.EncodeRune(d[0]); ok && d[0] >= 0x20 && d[0] < 0x7f {
			return string(d[0])
		}
	}
	return "?"
}

// encodeCP865 encodes a line of printable text (no "\n") in code page 865.
// Every rune of Printable's output encodes, so the fallback never fires; it
// is there so that a bug can cost a "?" and not a print.
func encodeCP865(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range Printable(s) {
		b, ok := charmap.CodePage865.EncodeRune(r)
		if !ok || b < 0x20 {
			b = '?'
		}
		out = append(out, b)
	}
	return out
}
