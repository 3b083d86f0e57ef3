package icao

import "fmt"

// A small BER-TLV reader and writer (ISO/IEC 7816-4 §5.2) for the few data objects
// this package handles. Tags are one or two bytes, lengths up to three bytes.

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

// parseTLV reads one data object from the front of b.
func parseTLV(b []byte) (tlv, []byte, error) {
	start := b
	if len(b) < 2 {
		return tlv{}, nil, fmt.Errorf("data object truncated at %d bytes", len(b))
	}
	tag := uint16(b[0])
	b = b[1:]
	if tag&0x1F == 0x1F { // ISO/IEC 7816-4 §5.2.2.1: a second tag byte follows
		if b[0]&0x80 != 0 {
			return tlv{}, nil, fmt.Errorf("tag of more than two bytes")
		}
		tag = tag<<8 | uint16(b[0])
		b = b[1:]
	}
	if len(b) == 0 {
		return tlv{}, nil, fmt.Errorf("tag %X has no length", tag)
	}
	n := int(b[0])
	b = b[1:]
	if n > 0x80 {
		k := n - 0x80
		if k > 3 || len(b) < k {
			return tlv{}, nil, fmt.Errorf("tag %X: length field incorrect", tag)
		}
		n = 0
		for _, x := range b[:k] {
			n = n<<8 | int(x)
		}
		b = b[k:]
	} else if n == 0x80 {
		return tlv{}, nil, fmt.Errorf("tag %X: indefinite length not allowed", tag)
	}
	if n > len(b) {
		return tlv{}, nil, fmt.Errorf("tag %X: length %d exceeds the %d bytes left", tag, n, len(b))
	}
	used := len(start) - len(b) + n
	return tlv{tag: tag, value: b[:n:n], raw: start[:used:used]}, b[n:], nil
}

// appendTLV appends the encoding of tag (one or two bytes) and value to dst.
func appendTLV(dst []byte, tag uint16, value []byte) []byte {
	if tag > 0xFF {
		dst = append(dst, byte(tag>>8))
	}
	dst = append(dst, byte(tag))
	switch n := len(value); {
	case n < 0x80:
		dst = append(dst, byte(n))
	case n <= 0xFF:
		dst = append(dst, 0x81, byte(n))
	case n <= 0xFFFF:
		dst = append(dst, 0x82, byte(n>>8), byte(n))
	default:
		dst = append(dst, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
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
