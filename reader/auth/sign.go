package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"

	_ "crypto/sha1" // hashes a SOD may name (ICAO 9303-12 §6.2 lists SHA-1 to SHA-512)
	_ "crypto/sha256"
	_ "crypto/sha512"

	"github.com/citizenkiosk/citizenkiosk/reader/internal/ecc"
)

// Algorithm OIDs: hashes (RFC 5754 §2, RFC 3279 §2.2.1), RSA signatures (RFC 4055
// §5), ECDSA signatures (RFC 5758 §3.2).
var (
	oidSHA1   = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA224 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 4}
	oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}

	oidSHA1WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	oidSHA224WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 14}
	oidSHA256WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidMGF1          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 8}

	oidECDSAWithSHA1   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 1}
	oidECDSAWithSHA224 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 1}
	oidECDSAWithSHA256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSAWithSHA384 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
)

var hashOIDs = []struct {
	oid  asn1.ObjectIdentifier
	hash crypto.Hash
}{
	{oidSHA1, crypto.SHA1}, {oidSHA224, crypto.SHA224}, {oidSHA256, crypto.SHA256},
	{oidSHA384, crypto.SHA384}, {oidSHA512, crypto.SHA512},
}

// hashByOID returns the hash an AlgorithmIdentifier names.
func hashByOID(oid asn1.ObjectIdentifier) (crypto.Hash, error) {
	for _, h := range hashOIDs {
		if h.oid.Equal(oid) {
			return h.hash, nil
		}
	}
	return 0, unsupported("hash algorithm %v", oid)
}

// HashName names h the way the verdict reports it ("SHA-256").
func HashName(h crypto.Hash) string { return h.String() }

type sigScheme int

const (
	schemePKCS1 sigScheme = iota + 1
	schemePSS
	schemeECDSA
)

// signatureAlgorithm resolves a signature AlgorithmIdentifier to a scheme and hash.
// digest is the hash to use where the identifier names only the key algorithm, as
// CMS signer infos may (rsaEncryption, id-ecPublicKey: RFC 5652 §5.3, RFC 5754 §3).
func signatureAlgorithm(alg pkix.AlgorithmIdentifier, digest crypto.Hash) (sigScheme, crypto.Hash, error) {
	o := alg.Algorithm
	switch {
	case o.Equal(oidSHA1WithRSA):
		return schemePKCS1, crypto.SHA1, nil
	case o.Equal(oidSHA224WithRSA):
		return schemePKCS1, crypto.SHA224, nil
	case o.Equal(oidSHA256WithRSA):
		return schemePKCS1, crypto.SHA256, nil
	case o.Equal(oidSHA384WithRSA):
		return schemePKCS1, crypto.SHA384, nil
	case o.Equal(oidSHA512WithRSA):
		return schemePKCS1, crypto.SHA512, nil
	case o.Equal(oidECDSAWithSHA1):
		return schemeECDSA, crypto.SHA1, nil
	case o.Equal(oidECDSAWithSHA224):
		return schemeECDSA, crypto.SHA224, nil
	case o.Equal(oidECDSAWithSHA256):
		return schemeECDSA, crypto.SHA256, nil
	case o.Equal(oidECDSAWithSHA384):
		return schemeECDSA, crypto.SHA384, nil
	case o.Equal(oidECDSAWithSHA512):
		return schemeECDSA, crypto.SHA512, nil
	case o.Equal(oidRSAEncryption) && digest != 0:
		return schemePKCS1, digest, nil
	case o.Equal(oidECPublicKey) && digest != 0:
		return schemeECDSA, digest, nil
	case o.Equal(oidRSAPSS):
		h, err := pssHash(alg.Parameters)
		return schemePSS, h, err
	}
	return 0, 0, unsupported("signature algorithm %v", o)
}

// pssParams is RSASSA-PSS-params (RFC 4055 §3.1); absent fields take SHA-1, MGF1
// with SHA-1, salt 20 and trailer 1.
type pssParams struct {
	Hash       pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:0"`
	MGF        pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:1"`
	SaltLength int                      `asn1:"optional,explicit,tag:2,default:20"`
	Trailer    int                      `asn1:"optional,explicit,tag:3,default:1"`
}

// pssHash reads the parameters and accepts them when the mask hash equals the
// message hash and the trailer is the standard one, which is what crypto/rsa does;
// the salt length is taken from the signature (rsa.PSSSaltLengthAuto).
func pssHash(raw asn1.RawValue) (crypto.Hash, error) {
	var p pssParams
	if err := unmarshalAll(raw.FullBytes, &p, "RSASSA-PSS-params"); err != nil {
		return 0, err
	}
	h := crypto.SHA1
	if len(p.Hash.Algorithm) > 0 {
		var err error
		if h, err = hashByOID(p.Hash.Algorithm); err != nil {
			return 0, err
		}
	}
	mgfHash := crypto.SHA1
	if len(p.MGF.Algorithm) > 0 {
		if !p.MGF.Algorithm.Equal(oidMGF1) {
			return 0, unsupported("RSASSA-PSS mask generation %v", p.MGF.Algorithm)
		}
		var inner pkix.AlgorithmIdentifier
		if err := unmarshalAll(p.MGF.Parameters.FullBytes, &inner, "MGF1 parameters"); err != nil {
			return 0, err
		}
		var err error
		if mgfHash, err = hashByOID(inner.Algorithm); err != nil {
			return 0, err
		}
	}
	if mgfHash != h || p.Trailer != 1 {
		return 0, unsupported("RSASSA-PSS with MGF1-%v over %v, trailer %d", mgfHash, h, p.Trailer)
	}
	return h, nil
}

// verifySignature checks sig over msg with pub under alg (see signatureAlgorithm for
// digest). ErrSignature means a well-formed signature that does not verify.
func verifySignature(alg pkix.AlgorithmIdentifier, digest crypto.Hash, pub *PublicKey, msg, sig []byte) error {
	scheme, h, err := signatureAlgorithm(alg, digest)
	if err != nil {
		return err
	}
	if !h.Available() {
		return unsupported("hash %v", h)
	}
	hh := h.New()
	hh.Write(msg)
	sum := hh.Sum(nil)
	switch {
	case scheme == schemePKCS1 && pub.RSA != nil:
		if err := rsa.VerifyPKCS1v15(pub.RSA, h, sum, sig); err != nil {
			return fmt.Errorf("%w: RSA PKCS#1 v1.5 with %v: %v", ErrSignature, h, err)
		}
		return nil
	case scheme == schemePSS && pub.RSA != nil:
		if err := rsa.VerifyPSS(pub.RSA, h, sum, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}); err != nil {
			return fmt.Errorf("%w: RSASSA-PSS with %v: %v", ErrSignature, h, err)
		}
		return nil
	case scheme == schemeECDSA && pub.Curve != nil:
		var rs struct{ R, S *big.Int }
		if err := unmarshalAll(sig, &rs, "ECDSA-Sig-Value"); err != nil {
			return fmt.Errorf("%w: %w", ErrSignature, err)
		}
		if !verifyECDSA(pub, sum, rs.R, rs.S) {
			return fmt.Errorf("%w: ECDSA on %s with %v", ErrSignature, pub.Curve.Name, h)
		}
		return nil
	}
	return unsupported("signature algorithm %v with a %v key", alg.Algorithm, pub)
}

// verifyECDSA verifies with crypto/ecdsa on the NIST curves and with
// reader/internal/ecc elsewhere.
func verifyECDSA(pub *PublicKey, hash []byte, r, s *big.Int) bool {
	if r == nil || s == nil {
		return false
	}
	if k := pub.ecdsaKey(); k != nil {
		return ecdsa.Verify(k, hash, r, s)
	}
	return pub.Curve.VerifyECDSA(ecc.Point{X: pub.X, Y: pub.Y}, hash, r, s)
}
