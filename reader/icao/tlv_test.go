package icao

import (
	"bytes"
	"testing"
)

func TestTLV(t *testing.T) {
	for _, n := range []int{0, 1, 127, 128, 255, 256, 65535, 65536} {
		enc := appendTLV(nil, 0x7F49, make([]byte, n))
		obj, rest, err := parseTLV(enc)
		if err != nil || len(rest) != 0 || obj.tag != 0x7F49 || len(obj.value) != n || !bytes.Equal(obj.raw, enc) {
			t.Errorf("length %d: %v", n, err)
		}
	}
	for _, bad := range []string{"", "87", "8705010203", "5F", "5F8101", "8780", "8784000000000001", "878201"} {
		if _, _, err := parseTLV(h(t, bad)); err == nil {
			t.Errorf("parseTLV(%s) accepted", bad)
		}
	}
}
