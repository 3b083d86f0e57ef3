package auth

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"time"
)

// revocationList is a CRL (RFC 5280 §5) whose signature is checked when used.
type revocationList struct {
	rawIssuer  []byte
	raw        []byte
	tbs        []byte
	sigAlg     pkix.AlgorithmIdentifier
	signature  []byte
	revoked    map[string]bool // serial numbers, as decimal strings
	nextUpdate time.Time
}

// parseCRL parses a CRL; its signature is checked against the CSCA when used.
func parseCRL(der []byte) (*revocationList, error) {
	var outer struct {
		TBS       asn1.RawValue
		SigAlg    pkix.AlgorithmIdentifier
		Signature asn1.BitString
	}
	if err := unmarshalAll(der, &outer, "CRL"); err != nil {
		return nil, err
	}
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		return nil, malformed("CRL: %v", err)
	}
	crl := &revocationList{rawIssuer: rl.RawIssuer, raw: bytes.Clone(der), tbs: outer.TBS.FullBytes,
		sigAlg: outer.SigAlg, signature: outer.Signature.RightAlign(), revoked: map[string]bool{},
		nextUpdate: rl.NextUpdate}
	for _, e := range rl.RevokedCertificateEntries {
		crl.revoked[e.SerialNumber.String()] = true
	}
	return crl, nil
}

// checkRevoked looks for ds in the CRLs that csca issued and signed.
func (s *TrustStore) checkRevoked(ds, csca *Certificate) error {
	for _, crl := range s.crls {
		if !bytes.Equal(crl.rawIssuer, csca.RawSubj) {
			continue
		}
		if err := verifySignature(crl.sigAlg, 0, csca.PublicKey, crl.tbs, crl.signature); err != nil {
			return fmt.Errorf("%w: CRL of %q: %v", ErrBadCRL, csca.Subject, err)
		}
		if crl.revoked[serialKey(ds.Serial)] {
			return fmt.Errorf("%w: document signer serial %v on the CRL of %q", ErrRevoked, ds.Serial, csca.Subject)
		}
	}
	return nil
}

func serialKey(n *big.Int) string { return n.String() }
