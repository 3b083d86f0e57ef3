package lds

import (
	"encoding/binary"
	"fmt"
)

// A small BER-TLV reader and writer (ISO/IEC 7816-4 §5.2, ICAO 9303-10 §4.6): tags of
// up to three bytes, definite lengths of up to four bytes. Indefinite lengths are not
// used by the LDS and are rejected.

// tlv is one BER-TLV data object; value aliases the input.
type tlv struct {
	tag   uint32
	value []byte
}

// maxLength bounds a decoded length; no eMRTD file comes near it and it keeps int
// arithmetic safe on 32-bit platforms.
const maxLength = 1 << 24

// parseHeader reads the tag and length at the start of b and returns them with the
// header size. It does not check that the value fits in b.
func parseHeader(b []byte) (tag uint32, length, hdr int, err error) {
	if len(b) == 0 {
		return 0, 0, 0, malformed("empty TLV")
	}
	i := 0
	tag = uint32(b[i])
	i++
	if tag&0x1F == 0x1F { // multi-byte tag: more bytes follow while bit 8 is set
		for {
			if i >= len(b) {
				return 0, 0, 0, malformed("tag truncated")
			}
			if i == 3 {
				return 0, 0, 0, malformed("tag longer than 3 bytes")
			}
			tag = tag<<8 | uint32(b[i])
			i++
			if b[i-1]&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return 0, 0, 0, malformed("tag %X: length missing", tag)
	}
	l := b[i]
	i++
	switch {
	case l < 0x80:
		length = int(l)
	case l == 0x80:
		return 0, 0, 0, malformed("tag %X: indefinite length", tag)
	case l > 0x84:
		return 0, 0, 0, malformed("tag %X: length of %d bytes", tag, l&0x7F)
	default:
		n := int(l & 0x7F)
		if i+n > len(b) {
			return 0, 0, 0, malformed("tag %X: length truncated", tag)
		}
		var v uint64
		for _, c := range b[i : i+n] {
			v = v<<8 | uint64(c)
		}
		if v > maxLength {
			return 0, 0, 0, malformed("tag %X: length %d too large", tag, v)
		}
		length = int(v)
		i += n
	}
	return tag, length, i, nil
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
	switch {
	case tag > 0xFFFF:
		b = append(b, byte(tag>>16), byte(tag>>8), byte(tag))
	case tag > 0xFF:
		b = binary.BigEndian.AppendUint16(b, uint16(tag))
	default:
		b = append(b, byte(tag))
	}
	switch {
	case n < 0x80:
		b = append(b, byte(n))
	case n <= 0xFF:
		b = append(b, 0x81, byte(n))
	case n <= 0xFFFF:
		b = append(b, 0x82, byte(n>>8), byte(n))
	default:
		b = append(b, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	for _, v := range values {
		b = append(b, v...)
	}
	return b
}

// encodeTLV returns one data object.
func encodeTLV(tag uint32, values ...[]byte) []byte { return appendTLV(nil, tag, values...) }
