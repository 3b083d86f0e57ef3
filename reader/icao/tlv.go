package icao

import (
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// A flat BER-TLV reader and writer (ISO/IEC 7816-4 §5.2) for the few data objects
// this package handles: tags of one or two bytes, lengths of up to three bytes, no
// padding between objects. Unlike iso7816.ParseTLVs it does not descend into
// constructed objects and it keeps each object's encoding as sent, which the MAC of a
// protected response covers (ICAO 9303-11 §9.8.5).

// tlv is one data object; raw is its complete encoding.
type tlv struct {
	tag   uint16
	value []byte
	raw   []byte
}

// parseTLVs splits b into consecutive data objects. It never panics on bad input.
func parseTLVs(b []byte) ([]tlv, error) {
	var out []tlv
	for len(b) > 0 {
		obj, rest, err := parseTLV(b)
		if err != nil {
			return nil, err
		}
		out = append(out, obj)
		b = rest
	}
	return out, nil
}

// parseTLV reads one data object from the front of b, with iso7816's tag and length
// codecs held to this package's profile. It never panics on bad input.
func parseTLV(b []byte) (tlv, []byte, error) {
	tag, tn, err := iso7816.ParseTag(b)
	if err != nil {
		return tlv{}, nil, err
	}
	if tn > 2 {
		return tlv{}, nil, fmt.Errorf("tag %X of more than two bytes", tag)
	}
	n, ln, err := iso7816.ParseLength(b[tn:])
	if err != nil {
		return tlv{}, nil, fmt.Errorf("tag %X: %w", tag, err)
	}
	if ln > 4 {
		return tlv{}, nil, fmt.Errorf("tag %X: length field of %d bytes", tag, ln)
	}
	hdr := tn + ln
	if n > len(b)-hdr {
		return tlv{}, nil, fmt.Errorf("tag %X: length %d exceeds the %d bytes left", tag, n, len(b)-hdr)
	}
	end := hdr + n
	return tlv{tag: uint16(tag), value: b[hdr:end:end], raw: b[:end:end]}, b[end:], nil
}

// appendTLV appends the encoding of tag (one or two bytes) and value to dst.
func appendTLV(dst []byte, tag uint16, value []byte) []byte {
	dst = append(dst, iso7816.EncodeTag(uint32(tag))...)
	dst = append(dst, iso7816.EncodeLength(len(value))...)
	return append(dst, value...)
}

// findTLV returns the value of the first object with tag, or nil and false.
func findTLV(objs []tlv, tag uint16) ([]byte, bool) {
	for _, o := range objs {
		if o.tag == tag {
			return o.value, true
		}
	}
	return nil, false
}
