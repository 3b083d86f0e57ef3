package auth

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
)

// Key algorithm OIDs (RFC 3279 §2.3, RFC 4055 §1.2, RFC 5480 §2.1.1).
var (
	oidRSAEncryption = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSAPSS        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidECPublicKey   = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidPrimeField    = asn1.ObjectIdentifier{1, 2, 840, 10045, 1, 1}
)

// Limits on keys a hostile certificate or chip could otherwise use to make the
// kiosk compute for minutes.
const (
	maxRSABits   = 8192
	maxFieldBits = 1024
	minFieldBits = 160
)

// PublicKey is an RSA, elliptic-curve or (in DG14 only) DH public key as a
// certificate, DG14 or DG15 holds it. Exactly one of RSA, Curve and DH is set; X, Y
// are the EC point, Y alone the DH public value.
type PublicKey struct {
	RSA   *rsa.PublicKey
	Curve *Curve
	DH    *DHGroup
	X, Y  *big.Int
}

// String names the key's algorithm and size, for reasons and logs.
func (k *PublicKey) String() string {
	switch {
	case k == nil:
		return "no key"
	case k.RSA != nil:
		return fmt.Sprintf("RSA-%d", k.RSA.N.BitLen())
	case k.Curve != nil:
		return "ECDSA " + k.Curve.Name
	case k.DH != nil:
		return k.DH.String()
	}
	return "no key"
}

// spki is SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
type spki struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// ecParameters are explicit EC domain parameters (RFC 3279 §2.3.5, BSI TR-03111 §5.1.1).
type ecParameters struct {
	Version  int
	FieldID  fieldID
	Curve    ecCurve
	Base     []byte
	Order    *big.Int
	Cofactor *big.Int `asn1:"optional"`
}

type fieldID struct {
	FieldType asn1.ObjectIdentifier
	Prime     asn1.RawValue
}

type ecCurve struct {
	A, B []byte
	Seed asn1.BitString `asn1:"optional"`
}

// ParsePublicKey parses a DER SubjectPublicKeyInfo holding an RSA key or an EC key on
// a named curve or with explicit prime-field domain parameters.
func ParsePublicKey(der []byte) (*PublicKey, error) {
	var info spki
	if err := unmarshalAll(der, &info, "SubjectPublicKeyInfo"); err != nil {
		return nil, err
	}
	return parseSPKI(info)
}

func parseSPKI(info spki) (*PublicKey, error) {
	alg := info.Algorithm.Algorithm
	switch {
	case alg.Equal(oidRSAEncryption), alg.Equal(oidRSAPSS):
		var k struct {
			N *big.Int
			E *big.Int
		}
		if err := unmarshalAll(info.PublicKey.RightAlign(), &k, "RSAPublicKey"); err != nil {
			return nil, err
		}
		if k.N.Sign() <= 0 || k.N.BitLen() > maxRSABits || k.N.Bit(0) == 0 {
			return nil, malformed("RSA modulus of %d bits", k.N.BitLen())
		}
		if k.E.Sign() <= 0 || k.E.BitLen() > 31 || k.E.Bit(0) == 0 {
			return nil, unsupported("RSA public exponent %v", k.E)
		}
		return &PublicKey{RSA: &rsa.PublicKey{N: k.N, E: int(k.E.Int64())}}, nil
	case alg.Equal(oidECPublicKey):
		c, err := parseECParams(info.Algorithm.Parameters)
		if err != nil {
			return nil, err
		}
		x, y, err := decodePoint(c, info.PublicKey.RightAlign())
		if err != nil {
			return nil, fmt.Errorf("EC public key: %w", err)
		}
		return &PublicKey{Curve: c, X: x, Y: y}, nil
	case alg.Equal(oidDHPublicNumber):
		return parseDHKey(info)
	}
	return nil, unsupported("public key algorithm %v", alg)
}

// parseECParams reads ECParameters: a named curve OID or explicit parameters.
func parseECParams(raw asn1.RawValue) (*Curve, error) {
	if raw.Tag == asn1.TagOID && raw.Class == asn1.ClassUniversal {
		var oid asn1.ObjectIdentifier
		if err := unmarshalAll(raw.FullBytes, &oid, "named curve"); err != nil {
			return nil, err
		}
		if c := CurveByOID(oid); c != nil {
			return c, nil
		}
		return nil, unsupported("named curve %v", oid)
	}
	var p ecParameters
	if err := unmarshalAll(raw.FullBytes, &p, "ECParameters"); err != nil {
		return nil, err
	}
	if !p.FieldID.FieldType.Equal(oidPrimeField) {
		return nil, unsupported("EC field type %v (only prime fields)", p.FieldID.FieldType)
	}
	prime := new(big.Int)
	if err := unmarshalAll(p.FieldID.Prime.FullBytes, &prime, "EC prime"); err != nil {
		return nil, err
	}
	if prime.BitLen() < minFieldBits || prime.BitLen() > maxFieldBits || p.Order == nil ||
		p.Order.BitLen() > prime.BitLen()+1 || p.Order.Sign() <= 0 {
		return nil, malformed("EC domain parameters of %d bits", prime.BitLen())
	}
	c := &Curve{Name: "explicit", P: prime, A: new(big.Int).SetBytes(p.Curve.A),
		B: new(big.Int).SetBytes(p.Curve.B), N: p.Order, H: p.Cofactor}
	if c.A.Cmp(prime) >= 0 || c.B.Cmp(prime) >= 0 {
		return nil, malformed("EC coefficients not below the prime")
	}
	c.Gx, c.Gy = new(big.Int), new(big.Int)
	gx, gy, err := decodePoint(c, p.Base)
	if err != nil {
		return nil, fmt.Errorf("EC base point: %w", err)
	}
	c.Gx, c.Gy = gx, gy
	// Parameters equal to a named curve's take its name and skip the primality tests.
	if oid := c.OID(); oid != nil {
		return CurveByOID(oid), nil
	}
	if !prime.ProbablyPrime(16) || !c.N.ProbablyPrime(16) {
		return nil, malformed("EC domain parameters with a composite prime or order")
	}
	return c, nil
}

// ecdsaKey returns the crypto/ecdsa form of an EC key on a NIST curve, or nil.
func (k *PublicKey) ecdsaKey() *ecdsa.PublicKey {
	if k.Curve == nil {
		return nil
	}
	if sc := k.Curve.Std(); sc != nil {
		pub, err := ecdsa.ParseUncompressedPublicKey(sc, encodePoint(k.Curve, k.X, k.Y))
		if err == nil {
			return pub
		}
	}
	return nil
}

// unmarshalAll decodes DER into v and refuses trailing bytes.
func unmarshalAll(der []byte, v any, what string) error {
	rest, err := asn1.Unmarshal(der, v)
	if err != nil {
		return malformed("%s: %v", what, err)
	}
	if len(rest) != 0 {
		return malformed("%s: %d bytes after the end", what, len(rest))
	}
	return nil
}
