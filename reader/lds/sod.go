package lds

import "bytes"

// ParseSOD checks that b is EF.SOD (tag 77, ICAO 9303-10 §4.6.2.2) and returns its
// value, the DER-encoded CMS SignedData (RFC 5652) that passive authentication
// verifies. The bytes are copied; nothing inside them is interpreted here.
func ParseSOD(b []byte) ([]byte, error) {
	v, err := parseFile(b, uint32(TagSOD), "EF.SOD")
	if err != nil {
		return nil, err
	}
	if len(v) == 0 {
		return nil, malformed("EF.SOD is empty")
	}
	return bytes.Clone(v), nil
}

// EncodeSOD wraps a DER-encoded CMS SignedData in the EF.SOD template (tag 77).
func EncodeSOD(signedData []byte) []byte { return encodeTLV(uint32(TagSOD), signedData) }
