package authtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
	"slices"
)

// OIDs of RFC 5652, RFC 5754, RFC 5758 and ICAO 9303-10 §4.6.2 / 9303-12 §9.
var (
	oidSignedData        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidLDSSecurityObject = asn1.ObjectIdentifier{2, 23, 136, 1, 1, 1}
	oidCSCAMasterList    = asn1.ObjectIdentifier{2, 23, 136, 1, 1, 2}
	oidECDSAWithSHA256   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidSHA256WithRSA     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
)

var hashOIDs = map[crypto.Hash]asn1.ObjectIdentifier{
	crypto.SHA1:   {1, 3, 14, 3, 2, 26},
	crypto.SHA224: {2, 16, 840, 1, 101, 3, 4, 2, 4},
	crypto.SHA256: {2, 16, 840, 1, 101, 3, 4, 2, 1},
	crypto.SHA384: {2, 16, 840, 1, 101, 3, 4, 2, 2},
	crypto.SHA512: {2, 16, 840, 1, 101, 3, 4, 2, 3},
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values []asn1.RawValue `asn1:"set"`
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type signerInfo struct {
	Version            int
	SID                issuerAndSerial
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
}

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
	EContent     []byte `asn1:"explicit,tag:0"`
}

type signedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo encapContentInfo
	Certificates     asn1.RawValue
	SignerInfos      []signerInfo `asn1:"set"`
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue // [0] EXPLICIT, built by hand
}

// signCMS makes a CMS SignedData ContentInfo (RFC 5652 §5) over content of type
// contentType, with signed attributes, signed by key and naming cert as signer;
// certs are included (cert first). The hash is SHA-256.
func signCMS(rand io.Reader, contentType asn1.ObjectIdentifier, content []byte, cert *x509.Certificate,
	key crypto.Signer, certs ...*x509.Certificate) ([]byte, error) {
	sha := hashOIDs[crypto.SHA256]
	digest := crypto.SHA256.New()
	digest.Write(content)
	attrs := []attribute{
		{Type: oidContentType, Values: []asn1.RawValue{raw(mustMarshal(contentType, ""))}},
		{Type: oidMessageDigest, Values: []asn1.RawValue{raw(mustMarshal(digest.Sum(nil), ""))}},
	}
	// The signature covers the attributes as an explicit SET OF (RFC 5652 §5.4); the
	// SignerInfo carries them as [0] IMPLICIT.
	set := mustMarshal(attrs, "set")
	h := crypto.SHA256.New()
	h.Write(set)
	sig, err := key.Sign(rand, h.Sum(nil), crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("authtest: sign CMS: %w", err)
	}
	var sigAlg asn1.ObjectIdentifier
	switch key.Public().(type) {
	case *ecdsa.PublicKey:
		sigAlg = oidECDSAWithSHA256
	case *rsa.PublicKey:
		sigAlg = oidSHA256WithRSA
	default:
		return nil, fmt.Errorf("authtest: sign CMS with a %T", key.Public())
	}
	implicit := slices.Clone(set)
	implicit[0] = 0xA0
	var certDER []byte
	for _, c := range append([]*x509.Certificate{cert}, certs...) {
		certDER = append(certDER, c.Raw...)
	}
	sd := signedData{
		Version:          3, // ICAO 9303-10 §4.6.2.2
		DigestAlgorithms: []pkix.AlgorithmIdentifier{{Algorithm: sha}},
		EncapContentInfo: encapContentInfo{EContentType: contentType, EContent: content},
		Certificates:     raw(tlv(0xA0, certDER)),
		SignerInfos: []signerInfo{{
			Version:            1,
			SID:                issuerAndSerial{Issuer: raw(cert.RawIssuer), Serial: cert.SerialNumber},
			DigestAlgorithm:    pkix.AlgorithmIdentifier{Algorithm: sha},
			SignedAttrs:        raw(implicit),
			SignatureAlgorithm: pkix.AlgorithmIdentifier{Algorithm: sigAlg},
			Signature:          sig,
		}},
	}
	return mustMarshal(contentInfo{ContentType: oidSignedData, Content: raw(tlv(0xA0, mustMarshal(sd, "")))}, ""), nil
}
