package auth

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// maxCertSize bounds one certificate; CSCA and DS certificates are 1-2 KB.
const maxCertSize = 64 << 10

// Extension OIDs (RFC 5280 §4.2.1).
var (
	oidSubjectKeyID   = asn1.ObjectIdentifier{2, 5, 29, 14}
	oidKeyUsage       = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidBasicConstr    = asn1.ObjectIdentifier{2, 5, 29, 19}
	oidAuthorityKeyID = asn1.ObjectIdentifier{2, 5, 29, 35}
)

// Key usage bits (RFC 5280 §4.2.1.3).
const (
	usageDigitalSignature = 0
	usageKeyCertSign      = 5
	usageCRLSign          = 6
)

// Certificate is an X.509 certificate of the ICAO PKI (ICAO 9303-12 §7): a CSCA, a
// link certificate, a document signer or a master list signer. It is parsed here
// rather than by crypto/x509, which refuses brainpool and explicit-parameter keys.
type Certificate struct {
	Raw                          []byte // the whole DER certificate
	RawTBS                       []byte // the signed part
	RawIssuer                    []byte
	RawSubj                      []byte
	Serial                       *big.Int
	Subject                      string // RFC 2253 form, for the verdict
	Issuer                       string
	NotBefore                    time.Time
	NotAfter                     time.Time
	PublicKey                    *PublicKey
	SubjectKeyID, AuthorityKeyID []byte
	keyUsage                     asn1.BitString // empty when the extension is absent
	hasKeyUsage, isCA            bool
	sigAlg                       pkix.AlgorithmIdentifier
	signature                    []byte
}

type certificateASN1 struct {
	TBS       asn1.RawValue
	SigAlg    pkix.AlgorithmIdentifier
	Signature asn1.BitString
}

type tbsCertificate struct {
	Version    int `asn1:"optional,explicit,default:0,tag:0"`
	Serial     *big.Int
	SigAlg     pkix.AlgorithmIdentifier
	Issuer     asn1.RawValue
	Validity   validity
	Subject    asn1.RawValue
	SPKI       spki
	IssuerUID  asn1.BitString   `asn1:"optional,tag:1"`
	SubjectUID asn1.BitString   `asn1:"optional,tag:2"`
	Extensions []pkix.Extension `asn1:"optional,explicit,tag:3"`
}

type validity struct {
	NotBefore, NotAfter time.Time
}

// ParseCertificate parses one DER certificate (RFC 5280 §4.1).
func ParseCertificate(der []byte) (*Certificate, error) {
	if len(der) > maxCertSize {
		return nil, malformed("certificate of %d bytes", len(der))
	}
	var c certificateASN1
	if err := unmarshalAll(der, &c, "certificate"); err != nil {
		return nil, err
	}
	var tbs tbsCertificate
	if err := unmarshalAll(c.TBS.FullBytes, &tbs, "TBSCertificate"); err != nil {
		return nil, err
	}
	pub, err := parseSPKI(tbs.SPKI)
	if err != nil {
		return nil, fmt.Errorf("certificate public key: %w", err)
	}
	cert := &Certificate{
		Raw: bytes.Clone(der), RawTBS: bytes.Clone(c.TBS.FullBytes),
		RawIssuer: bytes.Clone(tbs.Issuer.FullBytes), RawSubj: bytes.Clone(tbs.Subject.FullBytes),
		Serial: tbs.Serial, NotBefore: tbs.Validity.NotBefore, NotAfter: tbs.Validity.NotAfter,
		PublicKey: pub, sigAlg: c.SigAlg, signature: c.Signature.RightAlign(),
	}
	cert.Subject, cert.Issuer = nameString(tbs.Subject.FullBytes), nameString(tbs.Issuer.FullBytes)
	if err := cert.readExtensions(tbs.Extensions); err != nil {
		return nil, err
	}
	return cert, nil
}

// readExtensions takes the extensions the chain checks need.
func (c *Certificate) readExtensions(exts []pkix.Extension) error {
	for _, e := range exts {
		var err error
		switch {
		case e.Id.Equal(oidKeyUsage):
			c.hasKeyUsage = true
			err = unmarshalAll(e.Value, &c.keyUsage, "key usage")
		case e.Id.Equal(oidBasicConstr):
			var bc struct {
				CA      bool `asn1:"optional"`
				PathLen int  `asn1:"optional,default:-1"`
			}
			err = unmarshalAll(e.Value, &bc, "basic constraints")
			c.isCA = bc.CA
		case e.Id.Equal(oidSubjectKeyID):
			err = unmarshalAll(e.Value, &c.SubjectKeyID, "subject key identifier")
		case e.Id.Equal(oidAuthorityKeyID):
			var aki struct {
				ID []byte `asn1:"optional,tag:0"`
			}
			// Only the key identifier is used; issuer and serial may follow it.
			if _, err = asn1.Unmarshal(e.Value, &aki); err != nil {
				err = malformed("authority key identifier: %v", err)
			}
			c.AuthorityKeyID = aki.ID
		}
		if err != nil {
			return fmt.Errorf("certificate extension %v: %w", e.Id, err)
		}
	}
	return nil
}

// can reports whether key usage bit is allowed; without the extension any use is.
func (c *Certificate) can(bit int) bool {
	return !c.hasKeyUsage || c.keyUsage.At(bit) == 1
}

// CheckSignatureFrom verifies that issuer's key signed c.
func (c *Certificate) CheckSignatureFrom(issuer *Certificate) error {
	if err := verifySignature(c.sigAlg, 0, issuer.PublicKey, c.RawTBS, c.signature); err != nil {
		return fmt.Errorf("certificate %q signed by %q: %w", c.Subject, issuer.Subject, err)
	}
	return nil
}

// issuedBy reports whether issuer's subject (and key id, when both name one) match
// c's issuer. Names are compared as DER first, then as strings, because some states
// re-encode the same name with other string types in their DS certificates.
func (c *Certificate) issuedBy(issuer *Certificate) bool {
	if len(c.AuthorityKeyID) > 0 && len(issuer.SubjectKeyID) > 0 &&
		!bytes.Equal(c.AuthorityKeyID, issuer.SubjectKeyID) {
		return false
	}
	return bytes.Equal(c.RawIssuer, issuer.RawSubj) || strings.EqualFold(c.Issuer, issuer.Subject)
}

// validAt reports an error when t is outside the validity period.
func (c *Certificate) validAt(t time.Time) error {
	if t.Before(c.NotBefore) || t.After(c.NotAfter) {
		return fmt.Errorf("%w: %q valid %s to %s", ErrExpired, c.Subject,
			c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly))
	}
	return nil
}

// nameString renders a DER Name in RFC 2253 form. Some states put characters that
// PrintableString does not allow ('@', '_') in their names, which encoding/asn1
// refuses; such a name is shown as '#' and its hex DER rather than failing the
// certificate. Chains are matched on the DER (issuedBy), so nothing depends on it.
func nameString(der []byte) string {
	var rdn pkix.RDNSequence
	if err := unmarshalAll(der, &rdn, "name"); err != nil {
		return "#" + hex.EncodeToString(der)
	}
	var n pkix.Name
	n.FillFromRDNSequence(&rdn)
	return n.String()
}

// parseCertificates parses the concatenated DER certificates of a CMS
// CertificateSet (RFC 5652 §10.2.3), skipping the other choices.
func parseCertificates(b []byte) ([]*Certificate, error) {
	var certs []*Certificate
	for len(b) > 0 {
		var raw asn1.RawValue
		rest, err := asn1.Unmarshal(b, &raw)
		if err != nil {
			return nil, malformed("certificate set: %v", err)
		}
		b = rest
		if raw.Class != asn1.ClassUniversal || raw.Tag != asn1.TagSequence {
			continue // an attribute or other certificate format
		}
		c, err := ParseCertificate(raw.FullBytes)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	return certs, nil
}
