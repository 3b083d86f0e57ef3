package lds

import (
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// BER-TLV (ISO/IEC 7816-4 §5.2, ICAO 9303-10 §4.6) over iso7816's tag and length
// codecs. The LDS files are walked one level at a time rather than with
// iso7816.ParseTLV's whole-tree parse: some issuers put the raw ISO/IEC 19794-5 record
// in the constructed tag 7F2E, whose value is then no BER-TLV.

// tlv is one BER-TLV data object; value aliases the input.
type tlv struct {
	tag   uint32
	value []byte
}

// maxLength bounds a decoded length; no eMRTD file comes near it.
const maxLength = 1 << 24

// parseHeader reads the tag and length at the start of b and returns them with the
// header size. It does not check that the value fits in b.
func parseHeader(b []byte) (tag uint32, length, hdr int, err error) {
	tag, tn, err := iso7816.ParseTag(b)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	length, ln, err := iso7816.ParseLength(b[tn:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("%w: tag %X: %w", ErrMalformed, tag, err)
	}
	if length > maxLength {
		return 0, 0, 0, malformed("tag %X: length %d too large", tag, length)
	}
	return tag, length, tn + ln, nil
}

// parseTLV reads one data object from the start of b and returns it and what follows.
func parseTLV(b []byte) (tlv, []byte, error) {
	tag, length, hdr, err := parseHeader(b)
	if err != nil {
		return tlv{}, nil, err
	}
	if length > len(b)-hdr {
		return tlv{}, nil, malformed("tag %X: length %d exceeds the %d bytes left", tag, length, len(b)-hdr)
	}
	end := hdr + length
	return tlv{tag: tag, value: b[hdr:end:end]}, b[end:], nil
}

// parseChildren reads the data objects that make up a constructed value.
func parseChildren(b []byte) ([]tlv, error) {
	var out []tlv
	for len(b) > 0 {
		// Some issuers pad files with 00 or FF after the last object (ISO/IEC 7816-4
		// §5.2 allows 00 and FF between objects); skip it.
		if b[0] == 0x00 || b[0] == 0xFF {
			b = b[1:]
			continue
		}
		t, rest, err := parseTLV(b)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		b = rest
	}
	return out, nil
}

// parseFile checks that b starts with one data object with the given tag and returns
// its value. Trailing bytes after it are ignored: READ BINARY may return padding.
func parseFile(b []byte, tag uint32, name string) ([]byte, error) {
	t, _, err := parseTLV(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if t.tag != tag {
		return nil, malformed("%s: tag %X, want %X", name, t.tag, tag)
	}
	return t.value, nil
}

// parseFileObjects is parseFile followed by parseChildren: the data objects inside an
// LDS file's outer tag.
func parseFileObjects(b []byte, tag uint32, name string) ([]tlv, error) {
	v, err := parseFile(b, tag, name)
	if err != nil {
		return nil, err
	}
	objs, err := parseChildren(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return objs, nil
}

// find returns the value of the first object with the tag.
func find(objs []tlv, tag uint32) ([]byte, bool) {
	for _, o := range objs {
		if o.tag == tag {
			return o.value, true
		}
	}
	return nil, false
}

// FileLength tells, from the first bytes of an LDS file, how long the whole file is
// (header plus value), so that a reader knows how much to READ BINARY. Six bytes
// always suffice for an eMRTD file; fewer yield an error wrapping ErrMalformed.
func FileLength(prefix []byte) (int, error) {
	_, length, hdr, err := parseHeader(prefix)
	if err != nil {
		return 0, err
	}
	return hdr + length, nil
}

// appendTLV appends tag, length and the concatenated values to b.
func appendTLV(b []byte, tag uint32, values ...[]byte) []byte {
	n := 0
	for _, v := range values {
		n += len(v)
	}
	b = append(b, iso7816.EncodeTag(tag)...)
	b = append(b, iso7816.EncodeLength(n)...)
	for _, v := range values {
		b = append(b, v...)
	}
	return b
}

// encodeTLV returns one data object.
func encodeTLV(tag uint32, values ...[]byte) []byte { return appendTLV(nil, tag, values...) }
