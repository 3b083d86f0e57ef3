package lds

import (
	"fmt"
	"slices"
)

// AdditionalPersonalDetails is DG11 (ICAO 9303-10 §4.7.11, Table 44). Every field is
// optional on the card and empty when absent. Names use the MRZ convention of '<<'
// between primary and secondary identifiers and '<' between name parts; addresses
// use '<' between lines. It holds personal data: never log it.
type AdditionalPersonalDetails struct {
	FullName        string   // 5F0E name of holder
	OtherNames      []string // A0 { 02 count, 0F name ... }
	PersonalNumber  string   // 5F10 (a Danish card: the CPR number)
	FullDateOfBirth string   // 5F2B as YYYYMMDD (8 ASCII digits or 4 BCD bytes on the card)
	PlaceOfBirth    string   // 5F11
	Address         string   // 5F42 permanent address
	Telephone       string   // 5F12
	Profession      string   // 5F13
	Title           string   // 5F14
	PersonalSummary string   // 5F15
	OtherTDNumbers  string   // 5F17 other valid travel document numbers
	CustodyInfo     string   // 5F18 custody information
}

// DG11 text fields by tag, in the order EncodeDG11 writes them.
var dg11Fields = []struct {
	tag uint32
	get func(*AdditionalPersonalDetails) *string
}{
	{0x5F0E, func(d *AdditionalPersonalDetails) *string { return &d.FullName }},
	{0x5F10, func(d *AdditionalPersonalDetails) *string { return &d.PersonalNumber }},
	{0x5F11, func(d *AdditionalPersonalDetails) *string { return &d.PlaceOfBirth }},
	{0x5F42, func(d *AdditionalPersonalDetails) *string { return &d.Address }},
	{0x5F12, func(d *AdditionalPersonalDetails) *string { return &d.Telephone }},
	{0x5F13, func(d *AdditionalPersonalDetails) *string { return &d.Profession }},
	{0x5F14, func(d *AdditionalPersonalDetails) *string { return &d.Title }},
	{0x5F15, func(d *AdditionalPersonalDetails) *string { return &d.PersonalSummary }},
	{0x5F17, func(d *AdditionalPersonalDetails) *string { return &d.OtherTDNumbers }},
	{0x5F18, func(d *AdditionalPersonalDetails) *string { return &d.CustodyInfo }},
}

const (
	tagDateOfBirth = 0x5F2B
	tagOtherNames  = 0xA0
	tagOtherName   = 0x0F
)

// ParseDG11 parses DG11 (tag 6B). Text is decoded as UTF-8 (ICAO 9303-10 §4.6.2:
// variable-length text is UTF-8); invalid sequences become U+FFFD and control
// characters are dropped. Unknown tags are skipped.
func ParseDG11(b []byte) (*AdditionalPersonalDetails, error) {
	objs, err := parseFileObjects(b, 0x6B, "DG11")
	if err != nil {
		return nil, err
	}
	d := &AdditionalPersonalDetails{}
	for _, f := range dg11Fields {
		if val, ok := find(objs, f.tag); ok {
			*f.get(d) = text(val)
		}
	}
	if val, ok := find(objs, tagDateOfBirth); ok {
		if d.FullDateOfBirth, err = dateOfBirth(val); err != nil {
			return nil, err
		}
	}
	if val, ok := find(objs, tagOtherNames); ok {
		names, err := parseChildren(val)
		if err != nil {
			return nil, fmt.Errorf("DG11 A0: %w", err)
		}
		for _, n := range names {
			if n.tag == tagOtherName {
				d.OtherNames = append(d.OtherNames, text(n.value))
			}
		}
	}
	return d, nil
}

// dateOfBirth reads 5F2B: YYYYMMDD as 8 ASCII digits, or as 4 BCD bytes (ICAO
// 9303-10 Table 44 allows both encodings).
func dateOfBirth(b []byte) (string, error) {
	switch len(b) {
	case 8:
		for _, c := range b {
			if c < '0' || c > '9' {
				return "", malformed("DG11: date of birth is not digits")
			}
		}
		return string(b), nil
	case 4:
		out := make([]byte, 0, 8)
		for _, c := range b {
			hi, lo := c>>4, c&0x0F
			if hi > 9 || lo > 9 {
				return "", malformed("DG11: date of birth is not BCD")
			}
			out = append(out, '0'+hi, '0'+lo)
		}
		return string(out), nil
	}
	return "", malformed("DG11: date of birth of %d bytes", len(b))
}

// text decodes a UTF-8 field and drops control characters.
func text(b []byte) string {
	s := []rune(string(b))
	return string(slices.DeleteFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7F }))
}

// EncodeDG11 returns DG11 holding the non-empty fields of d, with the tag list (5C)
// ICAO 9303-10 Table 44 requires first. The date of birth is written as 8 ASCII digits.
func EncodeDG11(d AdditionalPersonalDetails) []byte {
	var tags, body []byte
	add := func(tag uint32, value []byte) {
		tags = append(tags, byte(tag>>8), byte(tag))
		body = appendTLV(body, tag, value)
	}
	for i, f := range dg11Fields {
		if s := *f.get(&d); s != "" {
			add(f.tag, []byte(s))
		}
		if i == 0 && len(d.OtherNames) > 0 {
			names := encodeTLV(0x02, []byte{byte(len(d.OtherNames))})
			for _, n := range d.OtherNames {
				names = appendTLV(names, tagOtherName, []byte(n))
			}
			tags = append(tags, tagOtherNames)
			body = appendTLV(body, tagOtherNames, names)
		}
		if i == 1 && d.FullDateOfBirth != "" {
			add(tagDateOfBirth, []byte(d.FullDateOfBirth))
		}
	}
	return encodeTLV(0x6B, encodeTLV(0x5C, tags), body)
}

// String hides the contents: DG11 is personal data and must not reach a log.
func (d *AdditionalPersonalDetails) String() string {
	return fmt.Sprintf("DG11{%d fields}", d.fieldCount())
}

func (d *AdditionalPersonalDetails) fieldCount() int {
	n := len(d.OtherNames)
	for _, f := range dg11Fields {
		if *f.get(d) != "" {
			n++
		}
	}
	if d.FullDateOfBirth != "" {
		n++
	}
	return n
}
