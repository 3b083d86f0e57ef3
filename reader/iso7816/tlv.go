package iso7816

import (
	"encoding/binary"
	"fmt"
	"math"
)

// MaxDepth is how deeply ParseTLV follows constructed objects inside one another.
// ICAO LDS files nest 5 levels at most (DG2: 75 / 7F61 / 7F60 / A1 / 80); the limit
// keeps a hostile card from exhausting the stack.
const MaxDepth = 16

// TLV is one BER-TLV data object (ISO/IEC 7816-4 as profiled from ISO/IEC 8825-1).
// Tag holds the tag bytes as written, big-endian (0x5F1F, 0x7F61). Value is the
// object's value field; it aliases the parsed input, which must not change while the
// TLV is used. Children holds the objects inside a constructed object, nil for a
// primitive one.
type TLV struct {
	Tag      uint32
	Value    []byte
	Children []TLV
}

// IsConstructed reports whether a tag marks a constructed object: bit 6 (0x20) of the
// tag's first byte (ISO/IEC 8825-1 §8.1.2.5).
func IsConstructed(tag uint32) bool {
	return firstTagByte(tag)&0x20 != 0
}

// Constructed reports whether t is a constructed object.
func (t TLV) Constructed() bool { return IsConstructed(t.Tag) }

func firstTagByte(tag uint32) byte {
	for tag > 0xFF {
		tag >>= 8
	}
	return byte(tag)
}

// ParseTag reads a tag from the start of b and returns it with its length in bytes.
// A first byte with the low 5 bits set announces more tag bytes, each with bit 8 set
// while another follows (ISO/IEC 8825-1 §8.1.2.4). Tags of more than 4 bytes do not
// occur in ISO/IEC 7816 and are rejected, as is a first subsequent byte of 0x80.
func ParseTag(b []byte) (tag uint32, n int, err error) {
	if len(b) == 0 {
		return 0, 0, fmt.Errorf("%w: BER-TLV: no tag", ErrMalformed)
	}
	tag, n = uint32(b[0]), 1
	if b[0]&0x1F != 0x1F {
		return tag, n, nil
	}
	for {
		if n == len(b) {
			return 0, 0, fmt.Errorf("%w: BER-TLV: tag truncated after %d bytes", ErrMalformed, n)
		}
		if n == 4 {
			return 0, 0, fmt.Errorf("%w: BER-TLV: tag longer than 4 bytes", ErrMalformed)
		}
		c := b[n]
		if n == 1 && c == 0x80 {
			// ISO/IEC 8825-1 §8.1.2.4.2 c: no leading zero bits in the tag number.
			return 0, 0, fmt.Errorf("%w: BER-TLV: tag number with a leading zero byte", ErrMalformed)
		}
		tag, n = tag<<8|uint32(c), n+1
		if c&0x80 == 0 {
			return tag, n, nil
		}
	}
}

// ParseLength reads a length field from the start of b and returns the length and the
// size of the field. Short form is one byte 00-7F; long form is 81-84 followed by 1 to
// 4 length bytes (ISO/IEC 7816-4 allows no more). The indefinite form 80 is not used
// in ISO/IEC 7816 and is rejected.
func ParseLength(b []byte) (length, n int, err error) {
	if len(b) == 0 {
		return 0, 0, fmt.Errorf("%w: BER-TLV: no length", ErrMalformed)
	}
	if b[0] < 0x80 {
		return int(b[0]), 1, nil
	}
	k := int(b[0] & 0x7F)
	if k == 0 || k > 4 {
		return 0, 0, fmt.Errorf("%w: BER-TLV: length byte %02X", ErrMalformed, b[0])
	}
	if len(b) < 1+k {
		return 0, 0, fmt.Errorf("%w: BER-TLV: length field truncated", ErrMalformed)
	}
	var v uint64
	for _, c := range b[1 : 1+k] {
		v = v<<8 | uint64(c)
	}
	if v > math.MaxInt32 {
		return 0, 0, fmt.Errorf("%w: BER-TLV: length %d too large", ErrMalformed, v)
	}
	return int(v), 1 + k, nil
}

// ParseTLV reads one data object from the start of b, with its children if it is
// constructed, and returns it with the bytes that follow it.
func ParseTLV(b []byte) (TLV, []byte, error) {
	return parseTLV(b, 0)
}

// ParseTLVs reads a sequence of data objects that fills b. Bytes 00 and FF before,
// between and after objects are skipped: ISO/IEC 7816-4 (BER-TLV data objects) lets
// them occur without meaning, for example where an object was erased.
func ParseTLVs(b []byte) ([]TLV, error) {
	return parseTLVs(b, 0)
}

func parseTLV(b []byte, depth int) (TLV, []byte, error) {
	if depth > MaxDepth {
		return TLV{}, nil, fmt.Errorf("%w: BER-TLV: nested deeper than %d", ErrMalformed, MaxDepth)
	}
	tag, tn, err := ParseTag(b)
	if err != nil {
		return TLV{}, nil, err
	}
	length, ln, err := ParseLength(b[tn:])
	if err != nil {
		return TLV{}, nil, fmt.Errorf("tag %X: %w", tag, err)
	}
	start := tn + ln
	if length > len(b)-start {
		return TLV{}, nil, fmt.Errorf("%w: BER-TLV: tag %X: length %d but %d bytes follow", ErrMalformed, tag, length, len(b)-start)
	}
	end := start + length
	t := TLV{Tag: tag, Value: b[start:end:end]}
	if IsConstructed(tag) {
		if t.Children, err = parseTLVs(t.Value, depth+1); err != nil {
			return TLV{}, nil, fmt.Errorf("in tag %X: %w", tag, err)
		}
		if t.Children == nil {
			t.Children = []TLV{} // constructed but empty: still not primitive
		}
	}
	return t, b[end:], nil
}

func parseTLVs(b []byte, depth int) ([]TLV, error) {
	var out []TLV
	for {
		for len(b) > 0 && (b[0] == 0x00 || b[0] == 0xFF) {
			b = b[1:]
		}
		if len(b) == 0 {
			return out, nil
		}
		t, rest, err := parseTLV(b, depth)
		if err != nil {
			return nil, err
		}
		out, b = append(out, t), rest
	}
}

// Find returns the first object with the given tag in t and its descendants, depth
// first, t itself included.
func (t TLV) Find(tag uint32) (TLV, bool) {
	if t.Tag == tag {
		return t, true
	}
	return Find(t.Children, tag)
}

// Find returns the first object with the given tag in list and the descendants of its
// members, depth first.
func Find(list []TLV, tag uint32) (TLV, bool) {
	for _, t := range list {
		if f, ok := t.Find(tag); ok {
			return f, true
		}
	}
	return TLV{}, false
}

// EncodeTag writes a tag's bytes: the tag's value big-endian without leading zero
// bytes (tag 0 is the single byte 00).
func EncodeTag(tag uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], tag)
	i := 0
	for i < 3 && b[i] == 0 {
		i++
	}
	return append([]byte(nil), b[i:]...)
}

// EncodeLength writes n in the shortest BER form: one byte up to 127, else 81 to 84
// followed by the length bytes. A negative n, which no Go length can be, and one
// beyond 4 length bytes give nil.
func EncodeLength(n int) []byte {
	switch {
	case n < 0 || uint64(n) > math.MaxUint32:
		return nil
	case n < 0x80:
		return []byte{byte(n)}
	case n <= 0xFF:
		return []byte{0x81, byte(n)}
	case n <= 0xFFFF:
		return []byte{0x82, byte(n >> 8), byte(n)}
	case n <= 0xFFFFFF:
		return []byte{0x83, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	return []byte{0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
}

// EncodeTLV writes one data object: tag, length, value. For a constructed object,
// value is the concatenated encodings of its children.
func EncodeTLV(tag uint32, value []byte) []byte {
	b := EncodeTag(tag)
	b = append(b, EncodeLength(len(value))...)
	return append(b, value...)
}

// Bytes encodes t: a primitive object from its Value, a constructed one from its
// Children (so a tree built in code needs no Value).
func (t TLV) Bytes() []byte {
	if !t.Constructed() {
		return EncodeTLV(t.Tag, t.Value)
	}
	var v []byte
	for _, c := range t.Children {
		v = append(v, c.Bytes()...)
	}
	return EncodeTLV(t.Tag, v)
}
