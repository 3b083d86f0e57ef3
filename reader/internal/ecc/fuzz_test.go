package ecc

import (
	"bytes"
	"testing"
)

// FuzzDecode: a public key from a card never panics Decode, and what Decode accepts
// is a point of the curve that encodes back to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, nc := range namedCurves {
		f.Add(nc.paramID, nc.curve.Encode(nc.curve.Generator()))
	}
	f.Add(13, []byte{0x04})
	f.Fuzz(func(t *testing.T, id int, b []byte) {
		c := ByParamID(id)
		if c == nil {
			return
		}
		p, err := c.Decode(b)
		if err != nil {
			return
		}
		if !c.OnCurve(p) || !bytes.Equal(c.Encode(p), b) {
			t.Fatalf("%s: accepted %x", c.Name, b)
		}
	})
}
