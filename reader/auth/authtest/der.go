package authtest

import "encoding/asn1"

// tlv encodes one DER object with a one-byte tag.
func tlv(tag byte, content ...[]byte) []byte {
	n := 0
	for _, c := range content {
		n += len(c)
	}
	out := append([]byte{tag}, derLength(n)...)
	for _, c := range content {
		out = append(out, c...)
	}
	return out
}

func derLength(n int) []byte {
	if n < 0x80 {
		return []byte{byte(n)}
	}
	var b []byte
	for v := n; v > 0; v >>= 8 {
		b = append([]byte{byte(v)}, b...)
	}
	return append([]byte{0x80 | byte(len(b))}, b...)
}

// raw makes an asn1.RawValue that marshals as der unchanged.
func raw(der []byte) asn1.RawValue { return asn1.RawValue{FullBytes: der} }

// mustMarshal marshals values whose types are fixed in this package; an error is a
// programming error in the test PKI.
func mustMarshal(v any, params string) []byte {
	b, err := asn1.MarshalWithParams(v, params)
	if err != nil {
		panic("authtest: marshal: " + err.Error())
	}
	return b
}
