package lds

import "slices"

// COMFile is the content of EF.COM (ICAO 9303-10 §4.6.1).
type COMFile struct {
	LDSVersion     string // "0107" for LDS 1.7 (tag 5F01, aabb)
	UnicodeVersion string // "040000" for Unicode 4.0.0 (tag 5F36, aabbcc)
	Tags           []byte // the tags of the data groups present (tag 5C): 61, 75, ...
}

// DataGroups returns the data group numbers listed in EF.COM, in the listed order.
// Tags that name no data group are skipped.
func (c *COMFile) DataGroups() []int {
	var out []int
	for _, t := range c.Tags {
		if f, ok := FileForTag(t); ok && f.DataGroup() != 0 {
			out = append(out, f.DataGroup())
		}
	}
	return out
}

// Has reports whether EF.COM lists data group n.
func (c *COMFile) Has(n int) bool { return slices.Contains(c.DataGroups(), n) }

// ParseCOM parses EF.COM: tag 60 holding 5F01 (LDS version), 5F36 (Unicode version)
// and 5C (tag list). Only the tag list is mandatory for this reader.
func ParseCOM(b []byte) (*COMFile, error) {
	objs, err := parseFileObjects(b, uint32(TagCOM), "EF.COM")
	if err != nil {
		return nil, err
	}
	tags, ok := find(objs, 0x5C)
	if !ok {
		return nil, malformed("EF.COM: no tag list (5C)")
	}
	c := &COMFile{Tags: slices.Clone(tags)}
	if ver, ok := find(objs, 0x5F01); ok {
		c.LDSVersion = printable(ver)
	}
	if ver, ok := find(objs, 0x5F36); ok {
		c.UnicodeVersion = printable(ver)
	}
	return c, nil
}

// EncodeCOM returns EF.COM for LDS version (e.g. "0107"), Unicode version 4.0.0, and
// the tags of the data groups present (e.g. 0x61, 0x75).
func EncodeCOM(version string, tags []byte) []byte {
	return encodeTLV(uint32(TagCOM),
		encodeTLV(0x5F01, []byte(version)),
		encodeTLV(0x5F36, []byte("040000")),
		encodeTLV(0x5C, tags))
}

// printable returns b as a string with bytes outside printable ASCII replaced by '?',
// so a hostile card cannot put control characters into a log or a screen.
func printable(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		if c < 0x20 || c > 0x7E {
			c = '?'
		}
		out[i] = c
	}
	return string(out)
}
