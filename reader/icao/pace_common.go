package icao

import (
	"encoding/asn1"
	"fmt"
)

// Pieces of PACE (ICAO 9303-11 §4.4) shared by the terminal and the chip side.

// GENERAL AUTHENTICATE steps, named in errors so that a log says which one failed.
const (
	stepSetAT   = "PACE MSE:Set AT"
	stepNonce   = "PACE general authenticate 1 (encrypted nonce)"
	stepMap     = "PACE general authenticate 2 (map nonce)"
	stepAgree   = "PACE general authenticate 3 (key agreement)"
	stepMutual  = "PACE general authenticate 4 (mutual authentication)"
	insGenAuth  = 0x86
	insMSE      = 0x22
	claChaining = 0x10 // ISO/IEC 7816-4 §5.1.1.1: more commands of the chain follow
)

// oidContent is the content octets of the DER encoding of oid (DO'80' of
// MSE:Set AT carries them without the 06 tag and length).
func oidContent(oid asn1.ObjectIdentifier) ([]byte, error) {
	der, err := asn1.Marshal(oid)
	if err != nil {
		return nil, err
	}
	obj, _, err := parseTLV(der)
	if err != nil {
		return nil, err
	}
	return obj.value, nil
}

// dynamicAuthData wraps one data object in the dynamic authentication data '7C'.
func dynamicAuthData(tag uint16, value []byte) []byte {
	return appendTLV(nil, 0x7C, appendTLV(nil, tag, value))
}

// openDynamicAuthData returns the value of tag inside '7C' (other objects, such as
// the certificate references a chip may add in step 4, are ignored).
func openDynamicAuthData(b []byte, tag uint16) ([]byte, error) {
	outer, rest, err := parseTLV(b)
	if err != nil || outer.tag != 0x7C || len(rest) != 0 {
		return nil, fmt.Errorf("dynamic authentication data '7C' missing or garbled: %w", ErrProtocol)
	}
	inner, err := parseTLVs(outer.value)
	if err != nil {
		return nil, fmt.Errorf("dynamic authentication data: %v: %w", err, ErrProtocol)
	}
	v, ok := findTLV(inner, tag)
	if !ok {
		return nil, fmt.Errorf("dynamic authentication data without DO'%X': %w", tag, ErrProtocol)
	}
	return v, nil
}

// paceKeys are the session keys derived from the shared secret (§9.7.4).
type paceKeys struct{ enc, mac []byte }

func derivePACEKeys(c Cipher, secret []byte) paceKeys {
	return paceKeys{enc: DeriveKey(secret, c, KEnc), mac: DeriveKey(secret, c, KMac)}
}

// authToken is T = MAC(KSmac, PK) over the public key data object
// 7F49 { 06 protocol OID, 86 EC point or 84 DH value } (ICAO 9303-11 §4.4.3.4,
// §9.4.3, §9.4.4; Appendix G "input data for T"). AES uses CMAC over the object
// as it is; 3DES uses the retail MAC with padding method 2.
func authToken(c Cipher, kMac []byte, protocol asn1.ObjectIdentifier, tag uint16, pk []byte) ([]byte, error) {
	oid, err := asn1.Marshal(protocol)
	if err != nil {
		return nil, fmt.Errorf("authentication token: %w", err)
	}
	data := appendTLV(nil, 0x7F49, appendTLV(oid, tag, pk))
	m, err := newMacer(c, kMac)
	if err != nil {
		return nil, fmt.Errorf("authentication token: %w", err)
	}
	if c == TripleDES {
		data = pad(data, c.BlockSize())
	}
	return m.sum(data)
}

// newPACESession starts secure messaging with the PACE session keys and an SSC of
// zero (ICAO 9303-11 §9.8.6.3 and §9.8.7.3).
func newPACESession(c Cipher, keys paceKeys) (*SecureMessaging, error) {
	sm, err := NewSecureMessaging(c, keys.enc, keys.mac, make([]byte, c.BlockSize()))
	if err != nil {
		return nil, fmt.Errorf("PACE session: %w", err)
	}
	return sm, nil
}
