package auth

import (
	"crypto"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
)

// maxDG14Size bounds DG14 and DG15; real ones are a few hundred bytes.
const maxDG14Size = 64 << 10

// SecurityInfo OIDs of ICAO 9303-11 §9.2 and BSI TR-03110-3 §A.1.1.
var (
	oidActiveAuthInfo = asn1.ObjectIdentifier{2, 23, 136, 1, 1, 5}
	oidPKDH           = asn1.ObjectIdentifier{0, 4, 0, 127, 0, 7, 2, 2, 1, 1}
	oidPKECDH         = asn1.ObjectIdentifier{0, 4, 0, 127, 0, 7, 2, 2, 1, 2}
	oidCADH           = asn1.ObjectIdentifier{0, 4, 0, 127, 0, 7, 2, 2, 3, 1}
	oidCAECDH         = asn1.ObjectIdentifier{0, 4, 0, 127, 0, 7, 2, 2, 3, 2}
	// ecdsa-plain-signatures (BSI TR-03111 §5.2.1): SHA-1, -224, -256, -384, -512.
	oidECDSAPlain = asn1.ObjectIdentifier{0, 4, 0, 127, 0, 7, 1, 1, 4, 1}
)

// ChipAuthInfo is one chip authentication key a chip offers: a ChipAuthenticationInfo
// with its ChipAuthenticationPublicKeyInfo (ICAO 9303-11 §9.2.5, §9.2.6).
type ChipAuthInfo struct {
	Protocol asn1.ObjectIdentifier // id-CA-ECDH-AES-CBC-CMAC-128, ...
	KeyID    *big.Int              // nil when the chip has one key
	Key      *PublicKey            // ECDH (Curve) or DH key
	DH       bool                  // id-CA-DH-*
}

// Cipher is the secure-messaging cipher the protocol OID names.
func (c ChipAuthInfo) Cipher() (icao.Cipher, error) {
	if len(c.Protocol) != len(oidCAECDH)+1 {
		return 0, unsupported("chip authentication protocol %v", c.Protocol)
	}
	switch c.Protocol[len(c.Protocol)-1] {
	case 1:
		return icao.TripleDES, nil
	case 2:
		return icao.AES128, nil
	case 3:
		return icao.AES192, nil
	case 4:
		return icao.AES256, nil
	}
	return 0, unsupported("chip authentication protocol %v", c.Protocol)
}

// SecurityOptions is DG14 as far as chip and active authentication need it.
type SecurityOptions struct {
	ChipAuth []ChipAuthInfo
	// ActiveAuthHash is the hash ActiveAuthenticationInfo names for ECDSA active
	// authentication (0 when DG14 has none).
	ActiveAuthHash crypto.Hash
}

type securityInfo struct {
	Protocol asn1.ObjectIdentifier
	Required asn1.RawValue
	Optional asn1.RawValue `asn1:"optional"`
}

// ParseDG14 parses DG14 (tag 6E, a SecurityInfos SET, ICAO 9303-10 §4.7.14). Unknown
// SecurityInfos are skipped as §9.2 asks; a known one that is malformed is an error.
func ParseDG14(b []byte) (*SecurityOptions, error) {
	if len(b) > maxDG14Size {
		return nil, malformed("DG14 of %d bytes", len(b))
	}
	v, err := unwrapFile(b, tagDG14, "DG14")
	if err != nil {
		return nil, err
	}
	var infos []securityInfo
	rest, err := asn1.UnmarshalWithParams(v, &infos, "set")
	if err != nil || len(rest) != 0 {
		return nil, malformed("DG14 SecurityInfos: %v (%d bytes after)", err, len(rest))
	}
	opts := &SecurityOptions{}
	keys := map[string]*PublicKey{}
	var caInfos []ChipAuthInfo
	for _, si := range infos {
		p := si.Protocol
		switch {
		case p.Equal(oidActiveAuthInfo):
			var alg asn1.ObjectIdentifier
			if err := unmarshalAll(si.Optional.FullBytes, &alg, "ActiveAuthenticationInfo"); err != nil {
				return nil, err
			}
			if opts.ActiveAuthHash, err = aaHash(alg); err != nil {
				return nil, err
			}
		case p.Equal(oidPKECDH), p.Equal(oidPKDH):
			key, err := ParsePublicKey(si.Required.FullBytes)
			if err != nil {
				return nil, fmt.Errorf("DG14 chip authentication key: %w", err)
			}
			keys[keyIDString(si.Optional)] = key
		case hasPrefix(p, oidCAECDH) || hasPrefix(p, oidCADH):
			var version int
			if err := unmarshalAll(si.Required.FullBytes, &version, "ChipAuthenticationInfo version"); err != nil {
				return nil, err
			}
			info := ChipAuthInfo{Protocol: p, DH: hasPrefix(p, oidCADH)}
			if len(si.Optional.FullBytes) > 0 {
				if err := unmarshalAll(si.Optional.FullBytes, &info.KeyID, "ChipAuthenticationInfo keyId"); err != nil {
					return nil, err
				}
			}
			caInfos = append(caInfos, info)
		}
	}
	for _, info := range caInfos {
		id := ""
		if info.KeyID != nil {
			id = info.KeyID.String()
		}
		key, ok := keys[id]
		if !ok && len(keys) == 1 && id == "" {
			for _, k := range keys {
				key, ok = k, true
			}
		}
		if !ok {
			return nil, malformed("DG14: no public key for chip authentication key %q", id)
		}
		info.Key = key
		opts.ChipAuth = append(opts.ChipAuth, info)
	}
	return opts, nil
}

// keyIDString is the keyId of an optional INTEGER, "" when absent or garbled.
func keyIDString(raw asn1.RawValue) string {
	if len(raw.FullBytes) == 0 {
		return ""
	}
	var id *big.Int
	if err := unmarshalAll(raw.FullBytes, &id, "keyId"); err != nil {
		return "?"
	}
	return id.String()
}

func hasPrefix(oid, prefix asn1.ObjectIdentifier) bool {
	return len(oid) > len(prefix) && oid[:len(prefix)].Equal(prefix)
}

// aaHash is the hash of an ECDSA active authentication signature algorithm: the
// plain format of BSI TR-03111 or the X9.62 OIDs ICAO 9303-11 §9.2.9 also allows.
func aaHash(alg asn1.ObjectIdentifier) (crypto.Hash, error) {
	if hasPrefix(alg, oidECDSAPlain) && len(alg) == len(oidECDSAPlain)+1 {
		switch alg[len(alg)-1] {
		case 1:
			return crypto.SHA1, nil
		case 2:
			return crypto.SHA224, nil
		case 3:
			return crypto.SHA256, nil
		case 4:
			return crypto.SHA384, nil
		case 5:
			return crypto.SHA512, nil
		}
	}
	for _, o := range []asn1.ObjectIdentifier{oidECDSAWithSHA1, oidECDSAWithSHA224, oidECDSAWithSHA256,
		oidECDSAWithSHA384, oidECDSAWithSHA512} {
		if alg.Equal(o) {
			_, h, err := signatureAlgorithm(pkix.AlgorithmIdentifier{Algorithm: o}, 0)
			return h, err
		}
	}
	return 0, unsupported("active authentication signature algorithm %v", alg)
}
