package auth

import (
	"encoding/asn1"
	"fmt"
)

// oidCSCAMasterList is id-icao-cscaMasterList (ICAO 9303-12 §9).
var oidCSCAMasterList = asn1.ObjectIdentifier{2, 23, 136, 1, 1, 2}

// ParseMasterList parses an ICAO CSCA master list (ICAO 9303-12 §9: CMS SignedData
// over CscaMasterList), verifies its signature with the master list signer
// certificate it carries and that signer's certificate with a CSCA of the list, and
// returns the CSCA certificates. A master list is only as trustworthy as where it
// came from: the check proves it is intact and self-consistent, not who sent it.
func ParseMasterList(der []byte) ([]*Certificate, error) {
	certs, _, err := parseMasterList(der)
	return certs, err
}

func parseMasterList(der []byte) ([]*Certificate, int, error) {
	if len(der) > maxTrustFile {
		return nil, 0, malformed("master list of %d bytes", len(der))
	}
	sd, err := parseSignedData(der, oidCSCAMasterList)
	if err != nil {
		return nil, 0, fmt.Errorf("master list: %w", err)
	}
	var ml struct {
		Version  int
		CertList []asn1.RawValue `asn1:"set"`
	}
	if err := unmarshalAll(sd.content, &ml, "CscaMasterList"); err != nil {
		return nil, 0, fmt.Errorf("master list: %w", err)
	}
	var certs []*Certificate
	skipped := 0
	for _, raw := range ml.CertList {
		c, err := ParseCertificate(raw.FullBytes)
		if err != nil {
			skipped++ // e.g. a key algorithm not used for eMRTDs any more
			continue
		}
		certs = append(certs, c)
	}
	signer, err := sd.signerCertificate()
	if err != nil {
		return nil, 0, fmt.Errorf("master list signer: %w", err)
	}
	if err := sd.verify(signer); err != nil {
		return nil, 0, fmt.Errorf("master list signature: %w", err)
	}
	if _, err := findIssuer(signer, certs); err != nil {
		return nil, 0, fmt.Errorf("master list signer certificate: %w", err)
	}
	if len(certs) == 0 {
		return nil, skipped, fmt.Errorf("master list: %w", ErrNoTrust)
	}
	return certs, skipped, nil
}
