package icao

import (
	"bytes"
	"encoding/asn1"
	"fmt"
	"slices"
	"sort"
)

// idPACE is id-PACE of BSI TR-03110-3 / ICAO 9303-11 §9.2 (0.4.0.127.0.7.2.2.4);
// PACEInfo protocols are id-PACE . key-agreement-and-mapping . cipher.
var idPACE = asn1.ObjectIdentifier{0, 4, 0, 127, 0, 7, 2, 2, 4}

// Key agreement and mapping arcs under id-PACE (ICAO 9303-11 §9.2, Tables 2 and 3
// of §4.4.3).
const (
	arcDHGM    = 1
	arcECDHGM  = 2
	arcDHIM    = 3
	arcECDHIM  = 4
	arcECDHCAM = 6
)

// Mapping is the nonce mapping of a PACE protocol (ICAO 9303-11 §4.4.3.3).
type Mapping int

// The mappings of ICAO 9303-11; ChipAuthenticationMapping is not implemented here.
const (
	MappingUnknown Mapping = iota
	GenericMapping
	IntegratedMapping
	ChipAuthenticationMapping
)

func (m Mapping) String() string {
	switch m {
	case GenericMapping:
		return "generic mapping"
	case IntegratedMapping:
		return "integrated mapping"
	case ChipAuthenticationMapping:
		return "chip authentication mapping"
	}
	return "unknown mapping"
}

// ECDHGenericMapping is the protocol OID id-PACE-ECDH-GM-<cipher>
// (0.4.0.127.0.7.2.2.4.2.1 to .4 for 3DES, AES-128, AES-192, AES-256).
func ECDHGenericMapping(c Cipher) asn1.ObjectIdentifier {
	return append(slices.Clone(idPACE), arcECDHGM, int(c))
}

// DHGenericMapping is the protocol OID id-PACE-DH-GM-<cipher>
// (0.4.0.127.0.7.2.2.4.1.1 to .4).
func DHGenericMapping(c Cipher) asn1.ObjectIdentifier {
	return append(slices.Clone(idPACE), arcDHGM, int(c))
}

// ECDHIntegratedMapping is the protocol OID id-PACE-ECDH-IM-<cipher>
// (0.4.0.127.0.7.2.2.4.4.1 to .4).
func ECDHIntegratedMapping(c Cipher) asn1.ObjectIdentifier {
	return append(slices.Clone(idPACE), arcECDHIM, int(c))
}

// DHIntegratedMapping is the protocol OID id-PACE-DH-IM-<cipher>
// (0.4.0.127.0.7.2.2.4.3.1 to .4).
func DHIntegratedMapping(c Cipher) asn1.ObjectIdentifier {
	return append(slices.Clone(idPACE), arcDHIM, int(c))
}

// PACEInfo is one PACEInfo of EF.CardAccess (ICAO 9303-11 §9.2):
//
//	PACEInfo ::= SEQUENCE { protocol OBJECT IDENTIFIER, version INTEGER, parameterId INTEGER OPTIONAL }
//
// ParameterID is -1 when the optional field is absent (the chip then uses
// proprietary domain parameters, which this package does not support).
type PACEInfo struct {
	Protocol    asn1.ObjectIdentifier
	Version     int
	ParameterID int
}

// arcs returns the mapping arc and cipher arc of the protocol, or zeros.
func (p PACEInfo) arcs() (mapping, cipher int) {
	if len(p.Protocol) != len(idPACE)+2 || !p.Protocol[:len(idPACE)].Equal(idPACE) {
		return 0, 0
	}
	return p.Protocol[len(idPACE)], p.Protocol[len(idPACE)+1]
}

// Cipher is the cipher of the protocol, 0 if the protocol is not a known PACE one.
func (p PACEInfo) Cipher() Cipher {
	_, c := p.arcs()
	if c := Cipher(c); c.valid() {
		return c
	}
	return 0
}

// KeyLength is the length of the session keys in bytes (16 for 3DES and AES-128,
// 24 for AES-192, 32 for AES-256), 0 if the protocol is unknown.
func (p PACEInfo) KeyLength() int { return p.Cipher().KeySize() }

// Mapping is the mapping of the protocol.
func (p PACEInfo) Mapping() Mapping {
	switch m, _ := p.arcs(); m {
	case arcDHGM, arcECDHGM:
		return GenericMapping
	case arcDHIM, arcECDHIM:
		return IntegratedMapping
	case arcECDHCAM:
		return ChipAuthenticationMapping
	}
	return MappingUnknown
}

// ECDH reports whether the protocol agrees keys over an elliptic curve.
func (p PACEInfo) ECDH() bool {
	m, _ := p.arcs()
	return m == arcECDHGM || m == arcECDHIM || m == arcECDHCAM
}

// group checks that PACE below can run p, and returns its group: generic or
// integrated mapping over ECDH (ids 8 to 18) or DH (ids 0 to 2), PACE version 2.
func (p PACEInfo) group() (paceGroup, error) {
	if p.Cipher() == 0 || p.Mapping() == MappingUnknown {
		return nil, fmt.Errorf("PACE protocol %v: %w", p.Protocol, ErrUnsupported)
	}
	if p.Mapping() != GenericMapping && p.Mapping() != IntegratedMapping {
		return nil, fmt.Errorf("PACE with %v: %w", p.Mapping(), ErrUnsupported)
	}
	if p.Version != 2 {
		return nil, fmt.Errorf("PACE version %d (want 2): %w", p.Version, ErrUnsupported)
	}
	if !p.ECDH() {
		return dhGroupByID(p.ParameterID)
	}
	cv, err := curveByID(p.ParameterID)
	if err != nil {
		return nil, err
	}
	// Appendix B: the point encoding needs p ≡ 3 mod 4 (Table 12: not NIST P-224).
	if p.Mapping() == IntegratedMapping && (cv.P.Bit(0) != 1 || cv.P.Bit(1) != 1) {
		return nil, fmt.Errorf("PACE integrated mapping on %s: %w", cv.Name, ErrUnsupported)
	}
	return &ecGroup{cv: cv, g: cv.Generator()}, nil
}

// ParseCardAccess reads the PACEInfos from the SecurityInfos of EF.CardAccess
// (ICAO 9303-11 §9.2: SecurityInfos ::= SET OF SecurityInfo, each a SEQUENCE of an
// OID and protocol-specific fields). SecurityInfos of other protocols (chip
// authentication, PACE domain parameter infos, terminal authentication...) are
// skipped, and so are bytes after the SET. Input that is not such a structure
// gives an error matching ErrCardAccess.
func ParseCardAccess(der []byte) ([]PACEInfo, error) {
	var set []asn1.RawValue
	// Bytes after the SET are ignored: a file read in whole blocks may be padded.
	if _, err := asn1.UnmarshalWithParams(der, &set, "set"); err != nil {
		return nil, fmt.Errorf("EF.CardAccess: %v: %w", err, ErrCardAccess)
	}
	var infos []PACEInfo
	for i, raw := range set {
		var fields []asn1.RawValue
		if rest, err := asn1.Unmarshal(raw.FullBytes, &fields); err != nil || len(rest) > 0 || len(fields) < 2 {
			return nil, fmt.Errorf("EF.CardAccess: SecurityInfo %d is not a SEQUENCE of two or more: %w", i, ErrCardAccess)
		}
		var oid asn1.ObjectIdentifier
		if rest, err := asn1.Unmarshal(fields[0].FullBytes, &oid); err != nil || len(rest) > 0 {
			return nil, fmt.Errorf("EF.CardAccess: SecurityInfo %d does not start with an OID: %w", i, ErrCardAccess)
		}
		if len(oid) != len(idPACE)+2 || !oid[:len(idPACE)].Equal(idPACE) {
			continue // another protocol, or a PACEDomainParameterInfo (id-PACE-xx without cipher)
		}
		info := PACEInfo{Protocol: oid, ParameterID: -1}
		if rest, err := asn1.Unmarshal(fields[1].FullBytes, &info.Version); err != nil || len(rest) > 0 {
			return nil, fmt.Errorf("EF.CardAccess: PACEInfo %d: version is not an INTEGER: %w", i, ErrCardAccess)
		}
		switch len(fields) {
		case 2:
		case 3:
			if rest, err := asn1.Unmarshal(fields[2].FullBytes, &info.ParameterID); err != nil || len(rest) > 0 || info.ParameterID < 0 {
				return nil, fmt.Errorf("EF.CardAccess: PACEInfo %d: parameterId is not a non-negative INTEGER: %w", i, ErrCardAccess)
			}
		default:
			return nil, fmt.Errorf("EF.CardAccess: PACEInfo %d has %d fields: %w", i, len(fields), ErrCardAccess)
		}
		infos = append(infos, info)
	}
	return infos, nil
}

// EncodeCardAccess encodes infos as the DER SecurityInfos of EF.CardAccess (for the
// virtual chip). A ParameterID below zero is left out.
func EncodeCardAccess(infos []PACEInfo) ([]byte, error) {
	type withID struct {
		Protocol    asn1.ObjectIdentifier
		Version     int
		ParameterID int
	}
	type withoutID struct {
		Protocol asn1.ObjectIdentifier
		Version  int
	}
	elems := make([]asn1.RawValue, 0, len(infos))
	for i, info := range infos {
		var b []byte
		var err error
		if info.ParameterID >= 0 {
			b, err = asn1.Marshal(withID(info))
		} else {
			b, err = asn1.Marshal(withoutID{info.Protocol, info.Version})
		}
		if err != nil {
			return nil, fmt.Errorf("encode PACEInfo %d: %w", i, err)
		}
		elems = append(elems, asn1.RawValue{FullBytes: b})
	}
	// X.690 §11.6: the elements of a DER SET OF are in ascending order of their encodings.
	sort.Slice(elems, func(i, j int) bool { return bytes.Compare(elems[i].FullBytes, elems[j].FullBytes) < 0 })
	out, err := asn1.MarshalWithParams(elems, "set")
	if err != nil {
		return nil, fmt.Errorf("encode SecurityInfos: %w", err)
	}
	return out, nil
}
