package auth

import (
	"crypto"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
)

// maxSODSize bounds EF.SOD; real ones are 2-6 KB with the DS certificate.
const maxSODSize = 256 << 10

// oidLDSSecurityObject is id-icao-mrtd-security-ldsSecurityObject (ICAO 9303-10 §4.6.2.3).
var oidLDSSecurityObject = asn1.ObjectIdentifier{2, 23, 136, 1, 1, 1}

type ldsSecurityObject struct {
	Version        int
	HashAlgorithm  pkix.AlgorithmIdentifier
	DataGroupHashs []dataGroupHash
	VersionInfo    ldsVersionInfo `asn1:"optional"`
}

type dataGroupHash struct {
	Number int
	Hash   []byte
}

type ldsVersionInfo struct {
	LDSVersion     string `asn1:"printable"`
	UnicodeVersion string `asn1:"printable"`
}

// SOD is a parsed Document Security Object: the data group hashes the issuer signed
// and the CMS wrapping that carries the signature and the document signer
// certificate (ICAO 9303-10 §4.6.2).
type SOD struct {
	HashAlgorithm crypto.Hash
	Hashes        map[int][]byte // data group number → hash
	LDSVersion    string         // "0108" etc. for a version 1 object, "" for version 0
	sd            *signedData
}

// ParseSOD parses EF.SOD as read from the chip (tag 77) or the bare CMS ContentInfo
// inside it. It checks structure only; Verify checks hashes and signatures.
func ParseSOD(b []byte) (*SOD, error) {
	if len(b) > maxSODSize {
		return nil, malformed("EF.SOD of %d bytes", len(b))
	}
	if len(b) > 0 && b[0] == tagSOD {
		v, err := unwrapFile(b, tagSOD, "EF.SOD")
		if err != nil {
			return nil, err
		}
		b = v
	}
	sd, err := parseSignedData(b, oidLDSSecurityObject)
	if err != nil {
		return nil, fmt.Errorf("EF.SOD: %w", err)
	}
	var lso ldsSecurityObject
	if err := unmarshalAll(sd.content, &lso, "LDSSecurityObject"); err != nil {
		return nil, fmt.Errorf("EF.SOD: %w", err)
	}
	if lso.Version != 0 && lso.Version != 1 {
		return nil, malformed("EF.SOD: LDSSecurityObject version %d", lso.Version)
	}
	h, err := hashByOID(lso.HashAlgorithm.Algorithm)
	if err != nil {
		return nil, fmt.Errorf("EF.SOD data group hash: %w", err)
	}
	s := &SOD{HashAlgorithm: h, Hashes: map[int][]byte{}, LDSVersion: lso.VersionInfo.LDSVersion, sd: sd}
	for _, dg := range lso.DataGroupHashs {
		if dg.Number < 1 || dg.Number > 16 || len(dg.Hash) != h.Size() {
			return nil, malformed("EF.SOD: hash of DG%d with %d bytes", dg.Number, len(dg.Hash))
		}
		if _, dup := s.Hashes[dg.Number]; dup {
			return nil, malformed("EF.SOD: two hashes for DG%d", dg.Number)
		}
		s.Hashes[dg.Number] = dg.Hash
	}
	return s, nil
}

// DocumentSigner returns the DS certificate the SOD's signer info names.
func (s *SOD) DocumentSigner() (*Certificate, error) { return s.sd.signerCertificate() }

// Certificates are all certificates the SOD carries.
func (s *SOD) Certificates() []*Certificate { return s.sd.certificates }

// First bytes of the LDS files read here (ICAO 9303-10 Table 34): application class,
// constructed.
const (
	tagDG14 = 0x6E
	tagDG15 = 0x6F
	tagSOD  = 0x77
)

// unwrapFile returns the value of an LDS file whose DER starts with tag.
func unwrapFile(b []byte, tag byte, name string) ([]byte, error) {
	var raw asn1.RawValue
	if err := unmarshalAll(b, &raw, name); err != nil {
		return nil, err
	}
	if raw.Class != asn1.ClassApplication || !raw.IsCompound || raw.Tag != int(tag&0x1F) {
		return nil, malformed("%s starts with tag %02X, want %02X", name, b[0], tag)
	}
	return raw.Bytes, nil
}
