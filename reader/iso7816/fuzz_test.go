package iso7816

import (
	"bytes"
	"errors"
	"testing"
)

// sameTree compares two TLV trees by tags, primitive values and children; the value
// bytes of constructed objects may differ in padding and length forms.
func sameTree(a, b TLV) bool {
	if a.Tag != b.Tag || len(a.Children) != len(b.Children) || (a.Children == nil) != (b.Children == nil) {
		return false
	}
	if a.Children == nil {
		return bytes.Equal(a.Value, b.Value)
	}
	for i := range a.Children {
		if !sameTree(a.Children[i], b.Children[i]) {
			return false
		}
	}
	return true
}

// FuzzParseTLV: never panics, errors wrap ErrMalformed, what parses re-encodes to the
// same tree, and the rest is a suffix of the input.
func FuzzParseTLV(f *testing.F) {
	f.Add(dg1Bytes(f))
	f.Add(nested(MaxDepth + 1))
	for _, s := range []string{"5F1F0141", "5384FFFFFFFF01", "7F610D0201017F60075F2E0466616365", "30800000", "00FF8001AA"} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		obj, rest, err := ParseTLV(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if len(rest) >= len(b) || !bytes.Equal(b[len(b)-len(rest):], rest) {
			t.Fatalf("rest %X is not a proper suffix of %X", rest, b)
		}
		again, rest2, err := ParseTLV(obj.Bytes())
		if err != nil || len(rest2) != 0 || !sameTree(obj, again) {
			t.Fatalf("ParseTLV(Bytes()) = %+v, %X, %v; want %+v", again, rest2, err, obj)
		}
		if _, err := ParseTLVs(b); err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("ParseTLVs error %v does not wrap ErrMalformed", err)
		}
	})
}

// FuzzParseResponse: never panics; a parsed response encodes back to its input.
func FuzzParseResponse(f *testing.F) {
	for _, s := range []string{"", "90", "9000", "01029000", "6A82"} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := ParseResponse(raw)
		if err != nil {
			if !errors.Is(err, ErrMalformed) || len(raw) >= 2 {
				t.Fatalf("ParseResponse(%X) = %v", raw, err)
			}
			return
		}
		if !bytes.Equal(r.Bytes(), raw) {
			t.Fatalf("Bytes() = %X, want %X", r.Bytes(), raw)
		}
	})
}

// FuzzParseCommand: never panics; a parsed command encodes back to its input.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"00A4040C07A0000002471001", "00B0000000", "00B00000000000", "0086000000000207080" + "12C",
		"00D6000000" + "0001" + "AA", "00", "00A4040C05A000"} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := ParseCommand(raw)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		got, err := c.Bytes()
		if err != nil || !bytes.Equal(got, raw) {
			t.Fatalf("Bytes(ParseCommand(%X)) = %X, %v", raw, got, err)
		}
	})
}
