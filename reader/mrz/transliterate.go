package mrz

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// special holds the letters that ICAO 9303-3 §6 (transliterations recommended for use
// by States) spells with more than their base letter, Danish ones first.
var special = map[rune]string{
	'Æ': "AE", 'Ø': "OE", 'Å': "AA",
	'Ä': "AE", 'Ö': "OE", 'Ü': "UE", 'ß': "SS", 'ẞ': "SS",
	'Þ': "TH", 'Ð': "D", 'Œ': "OE", 'Ĳ': "IJ",
	'Ł': "L", 'Đ': "D", 'Ħ': "H", 'Ŋ': "N", 'İ': "I", 'ı': "I",
}

// Transliterate turns a name as written (for example "Søren Ærø-Ågård") into the MRZ
// alphabet: upper case, Æ→AE, Ø→OE, Å→AA, Ä→AE, Ö→OE, Ü→UE, ß→SS and the other
// letters of ICAO 9303-3 §6; other accented Latin letters lose their accent (É→E,
// Ñ→N); spaces and hyphens become the filler '<'; apostrophes and other punctuation
// are left out (ICAO 9303-3, names in the MRZ). Characters with no Latin spelling are left out too:
// names in other scripts need a national transliteration this package does not know.
func Transliterate(name string) string {
	var b strings.Builder
	for _, r := range name {
		r = unicode.ToUpper(r)
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '<':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\u2010' || r == '\u2011':
			b.WriteByte('<')
		case special[r] != "":
			b.WriteString(special[r])
		default:
			// Decompose (É = E + ◌́) and keep the base letter if it is A-Z.
			for _, d := range norm.NFD.String(string(r)) {
				if d >= 'A' && d <= 'Z' {
					b.WriteRune(d)
				}
			}
		}
	}
	return b.String()
}
