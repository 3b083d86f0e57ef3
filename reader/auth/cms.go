package auth

import (
	"bytes"
	"crypto"
	"crypto/subtle"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
)

// CMS OIDs (RFC 5652 §3, §11).
var (
	oidSignedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
)

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue // [0] EXPLICIT, checked by hand
}

type signedDataASN1 struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo encapContentInfo
	Certificates     asn1.RawValue `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue `asn1:"optional,tag:1"`
	SignerInfos      []signerInfo  `asn1:"set"`
}

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
	EContent     []byte `asn1:"explicit,tag:0"`
}

type signerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values []asn1.RawValue `asn1:"set"`
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

// signedData is a parsed CMS SignedData with exactly one signer, the form ICAO uses
// for EF.SOD (9303-10 §4.6.2) and the CSCA master list (9303-12 §9).
type signedData struct {
	contentType  asn1.ObjectIdentifier
	content      []byte
	certificates []*Certificate
	signer       signerInfo
	digest       crypto.Hash
}

// parseSignedData parses a DER ContentInfo holding SignedData whose encapsulated
// content has type want.
func parseSignedData(der []byte, want asn1.ObjectIdentifier) (*signedData, error) {
	var ci contentInfo
	if err := unmarshalAll(der, &ci, "CMS ContentInfo"); err != nil {
		return nil, err
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return nil, malformed("CMS content type %v, want signedData", ci.ContentType)
	}
	if ci.Content.Class != asn1.ClassContextSpecific || ci.Content.Tag != 0 || !ci.Content.IsCompound {
		return nil, malformed("CMS content not tagged [0]")
	}
	var sd signedDataASN1
	if err := unmarshalAll(ci.Content.Bytes, &sd, "CMS SignedData"); err != nil {
		return nil, err
	}
	if !sd.EncapContentInfo.EContentType.Equal(want) {
		return nil, malformed("encapsulated content type %v, want %v", sd.EncapContentInfo.EContentType, want)
	}
	if len(sd.SignerInfos) != 1 {
		// ICAO 9303-10 §4.6.2.2: exactly one SignerInfo.
		return nil, malformed("%d signer infos, want 1", len(sd.SignerInfos))
	}
	out := &signedData{contentType: want, content: sd.EncapContentInfo.EContent, signer: sd.SignerInfos[0]}
	if len(sd.Certificates.FullBytes) > 0 {
		certs, err := parseCertificates(sd.Certificates.Bytes)
		if err != nil {
			return nil, fmt.Errorf("CMS certificates: %w", err)
		}
		out.certificates = certs
	}
	h, err := hashByOID(out.signer.DigestAlgorithm.Algorithm)
	if err != nil {
		return nil, fmt.Errorf("signer digest: %w", err)
	}
	out.digest = h
	return out, nil
}

// signerCertificate finds the certificate the signer info names, by issuer and
// serial number or by subject key identifier (RFC 5652 §5.3).
func (sd *signedData) signerCertificate() (*Certificate, error) {
	sid := sd.signer.SID
	for _, c := range sd.certificates {
		switch {
		case sid.Class == asn1.ClassContextSpecific && sid.Tag == 0:
			if len(c.SubjectKeyID) > 0 && bytes.Equal(c.SubjectKeyID, sid.Bytes) {
				return c, nil
			}
		case sid.Class == asn1.ClassUniversal && sid.Tag == asn1.TagSequence:
			var ias issuerAndSerial
			if err := unmarshalAll(sid.FullBytes, &ias, "signer identifier"); err != nil {
				return nil, err
			}
			if c.Serial.Cmp(ias.Serial) == 0 && bytes.Equal(c.RawIssuer, ias.Issuer.FullBytes) {
				return c, nil
			}
		}
	}
	return nil, ErrNoSigner
}

// verify checks the signer's signature with cert's key: over the signed attributes
// (re-tagged as SET, RFC 5652 §5.4), whose message digest must equal the content's
// hash and whose content type must equal the encapsulated one; or over the content
// when there are none.
func (sd *signedData) verify(cert *Certificate) error {
	si := sd.signer
	msg := sd.content
	if len(si.SignedAttrs.FullBytes) > 0 {
		if err := sd.checkSignedAttrs(); err != nil {
			return err
		}
		msg = bytes.Clone(si.SignedAttrs.FullBytes)
		msg[0] = 0x31 // EXPLICIT SET OF tag, as signed
	}
	return verifySignature(si.SignatureAlgorithm, sd.digest, cert.PublicKey, msg, si.Signature)
}

func (sd *signedData) checkSignedAttrs() error {
	var attrs []attribute
	set := bytes.Clone(sd.signer.SignedAttrs.FullBytes)
	set[0] = 0x31
	if _, err := asn1.UnmarshalWithParams(set, &attrs, "set"); err != nil {
		return malformed("signed attributes: %v", err)
	}
	var digestOK, typeOK bool
	for _, a := range attrs {
		if len(a.Values) != 1 {
			continue
		}
		switch {
		case a.Type.Equal(oidMessageDigest):
			var got []byte
			if err := unmarshalAll(a.Values[0].FullBytes, &got, "message digest"); err != nil {
				return err
			}
			h := sd.digest.New()
			h.Write(sd.content)
			if subtle.ConstantTimeCompare(h.Sum(nil), got) != 1 {
				return fmt.Errorf("%w: message digest of the signed attributes does not match the content", ErrSignature)
			}
			digestOK = true
		case a.Type.Equal(oidContentType):
			var ct asn1.ObjectIdentifier
			if err := unmarshalAll(a.Values[0].FullBytes, &ct, "content type"); err != nil {
				return err
			}
			typeOK = ct.Equal(sd.contentType)
		}
	}
	if !digestOK || !typeOK {
		return malformed("signed attributes lack the message digest or the content type (RFC 5652 §5.3)")
	}
	return nil
}
