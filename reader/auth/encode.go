package auth

import (
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
)

// EncodeDG15 makes DG15 (tag 6F, ICAO 9303-10 §4.7.15) holding pub, an
// *rsa.PublicKey or *ecdsa.PublicKey on a NIST curve.
func EncodeDG15(pub crypto.PublicKey) ([]byte, error) {
	spki, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("DG15: %w", err)
	}
	return fileTLV(tagDG15, spki), nil
}

// EncodeDG14 makes DG14 (tag 6E, ICAO 9303-10 §4.7.14): the ChipAuthenticationInfo
// and ChipAuthenticationPublicKeyInfo of ca when it is not nil, and an
// ActiveAuthenticationInfo naming the plain ECDSA hash aaHash when it is not 0.
func EncodeDG14(ca *ChipAuthCard, aaHash crypto.Hash) ([]byte, error) {
	return EncodeDG14WithPACE(ca, aaHash, nil)
}

// EncodeDG14WithPACE is EncodeDG14 with the chip's PACEInfos too, as ICAO 9303-11
// §9.2 asks of a chip that supports PACE, so that EF.CardAccess can be checked
// against a signed copy. A ParameterID below zero is left out.
func EncodeDG14WithPACE(ca *ChipAuthCard, aaHash crypto.Hash, pace []icao.PACEInfo) ([]byte, error) {
	var infos []securityInfo
	for _, p := range pace {
		si := securityInfo{Protocol: p.Protocol, Required: mustRaw(p.Version)}
		if p.ParameterID >= 0 {
			si.Optional = mustRaw(p.ParameterID)
		}
		infos = append(infos, si)
	}
	if aaHash != 0 {
		n := map[crypto.Hash]int{crypto.SHA1: 1, crypto.SHA224: 2, crypto.SHA256: 3, crypto.SHA384: 4, crypto.SHA512: 5}[aaHash]
		if n == 0 {
			return nil, unsupported("active authentication hash %v", aaHash)
		}
		alg := append(append(asn1.ObjectIdentifier{}, oidECDSAPlain...), n)
		infos = append(infos, securityInfo{Protocol: oidActiveAuthInfo, Required: mustRaw(1), Optional: mustRaw(alg)})
	}
	if ca != nil {
		pub, err := ca.PublicKeyInfo()
		if err != nil {
			return nil, err
		}
		infos = append(infos,
			securityInfo{Protocol: ca.Protocol(), Required: mustRaw(1)},
			securityInfo{Protocol: ca.keyProtocol(), Required: asn1.RawValue{FullBytes: pub}})
	}
	set, err := asn1.MarshalWithParams(infos, "set")
	if err != nil {
		return nil, fmt.Errorf("DG14: %w", err)
	}
	return fileTLV(tagDG14, set), nil
}

// mustRaw marshals an INTEGER or OID, which cannot fail.
func mustRaw(v any) asn1.RawValue {
	b, err := asn1.Marshal(v)
	if err != nil {
		panic("auth: marshal " + err.Error()) // only ints and OIDs reach here
	}
	return asn1.RawValue{FullBytes: b}
}

// fileTLV wraps value in an LDS file template with a one-byte tag.
func fileTLV(tag byte, value []byte) []byte {
	n := len(value)
	var length []byte
	switch {
	case n < 0x80:
		length = []byte{byte(n)}
	case n <= 0xFF:
		length = []byte{0x81, byte(n)}
	case n <= 0xFFFF:
		length = []byte{0x82, byte(n >> 8), byte(n)}
	default:
		length = []byte{0x83, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	return append(append([]byte{tag}, length...), value...)
}

// oidValue is the content octets of an OID (without tag and length), as the DO'80'
// of MSE:Set AT carries it.
func oidValue(oid []int) ([]byte, error) {
	b, err := asn1.Marshal(asn1.ObjectIdentifier(oid))
	if err != nil || len(b) < 2 || b[1] >= 0x80 {
		return nil, malformed("OID %v", oid)
	}
	return b[2:], nil
}
