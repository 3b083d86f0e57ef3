package lds

import "strings"

// MRZ line layouts by total length (ICAO 9303-10 §4.7.1, Table 35: DG1 holds the MRZ
// without line separators; ICAO 9303-4/5/6/7 give the line lengths).
var mrzLines = map[int]int{
	90: 30, // TD1: three lines of 30
	72: 36, // TD2 and MRV-B: two lines of 36
	88: 44, // TD3 and MRV-A: two lines of 44
}

// ParseDG1 parses DG1 (tag 61 holding 5F1F, the MRZ data elements) and returns the MRZ
// as its printed lines separated by "\n", ready for mrz.Parse. Characters other than
// A-Z, 0-9 and '<' or a length that is no MRZ format yield ErrMalformed.
func ParseDG1(b []byte) (string, error) {
	objs, err := parseFileObjects(b, 0x61, "DG1")
	if err != nil {
		return "", err
	}
	text, ok := find(objs, 0x5F1F)
	if !ok {
		return "", malformed("DG1: no MRZ data (5F1F)")
	}
	width, ok := mrzLines[len(text)]
	if !ok {
		return "", malformed("DG1: MRZ of %d characters is no MRZ format", len(text))
	}
	for i, c := range text {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '<') {
			return "", malformed("DG1: MRZ character %d is not A-Z, 0-9 or '<'", i)
		}
	}
	var sb strings.Builder
	for i := 0; i < len(text); i += width {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.Write(text[i : i+width])
	}
	return sb.String(), nil
}

// EncodeDG1 returns DG1 for an MRZ given as its lines (separated by newlines, or not).
func EncodeDG1(mrzText string) []byte {
	text := strings.NewReplacer("\r", "", "\n", "").Replace(mrzText)
	return encodeTLV(0x61, encodeTLV(0x5F1F, []byte(text)))
}
