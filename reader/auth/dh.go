package auth

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
)

// oidDHPublicNumber is dhpublicnumber (ANSI X9.42, RFC 3279 §2.3.3), the key
// algorithm of a DH chip authentication key in DG14.
var oidDHPublicNumber = asn1.ObjectIdentifier{1, 2, 840, 10046, 2, 1}

// Limits on DH groups a chip may name.
const (
	minDHBits = 1024
	maxDHBits = 4096
)

// DHGroup is a MODP group with a generator G of prime order Q (X9.42 DomainParameters).
type DHGroup struct {
	P, G, Q *big.Int
}

type dhDomainParameters struct {
	P, G, Q *big.Int
	J       *big.Int      `asn1:"optional"`
	Valid   asn1.RawValue `asn1:"optional"`
}

// parseDHKey reads a dhpublicnumber key: the group from the parameters, y from the
// BIT STRING, checked as RFC 2631 §2.1.5 asks (1 < y < p-1, y^q = 1 mod p).
func parseDHKey(info spki) (*PublicKey, error) {
	var dp dhDomainParameters
	if err := unmarshalAll(info.Algorithm.Parameters.FullBytes, &dp, "DH domain parameters"); err != nil {
		return nil, err
	}
	if dp.P.BitLen() < minDHBits || dp.P.BitLen() > maxDHBits || dp.Q.Sign() <= 0 || dp.Q.Cmp(dp.P) >= 0 ||
		dp.G.Cmp(big.NewInt(1)) <= 0 || dp.G.Cmp(dp.P) >= 0 {
		return nil, malformed("DH domain parameters of %d bits", dp.P.BitLen())
	}
	g := &DHGroup{P: dp.P, G: dp.G, Q: dp.Q}
	var y *big.Int
	if err := unmarshalAll(info.PublicKey.RightAlign(), &y, "DH public value"); err != nil {
		return nil, err
	}
	if err := g.check(y); err != nil {
		return nil, err
	}
	return &PublicKey{DH: g, Y: y}, nil
}

// check validates a public value (RFC 2631 §2.1.5).
func (g *DHGroup) check(y *big.Int) error {
	pMinus1 := new(big.Int).Sub(g.P, big.NewInt(1))
	if y.Cmp(big.NewInt(1)) <= 0 || y.Cmp(pMinus1) >= 0 || new(big.Int).Exp(y, g.Q, g.P).Cmp(big.NewInt(1)) != 0 {
		return malformed("DH public value not in the group")
	}
	return nil
}

// keyAgreement is ECDH on a Curve or DH in a DHGroup, for chip authentication.
type keyAgreement interface {
	// generate makes an ephemeral key pair; pub is encoded as the protocol sends it.
	generate(rand io.Reader) (sk *big.Int, pub []byte, err error)
	// shared is the shared secret with the peer's encoded public key (ICAO 9303-11 §9.6).
	shared(sk *big.Int, peer []byte) ([]byte, error)
	String() string
}

func (g *DHGroup) String() string { return fmt.Sprintf("DH-%d", g.P.BitLen()) }

// generate picks x in [1, q-1] and sends y = g^x mod p in the fewest octets
// (ICAO 9303-11 §9.4.1).
func (g *DHGroup) generate(rand io.Reader) (*big.Int, []byte, error) {
	x, err := ephemeralKey(rand, g.Q)
	if err != nil {
		return nil, nil, err
	}
	return x, new(big.Int).Exp(g.G, x, g.P).Bytes(), nil
}

// ephemeralKey draws a private key in [1, q-1]; the 64 bits beyond q's length make
// the bias of the reduction negligible (FIPS 186-4 §B.4.1).
func ephemeralKey(rand io.Reader, q *big.Int) (*big.Int, error) {
	buf := make([]byte, (q.BitLen()+7)/8+8)
	if _, err := io.ReadFull(rand, buf); err != nil {
		return nil, fmt.Errorf("ephemeral key: %w", err)
	}
	k := new(big.Int).SetBytes(buf)
	return k.Mod(k, new(big.Int).Sub(q, big.NewInt(1))).Add(k, big.NewInt(1)), nil
}

// shared is PKCS #3 DH: y^x mod p as an octet string of the length of p.
func (g *DHGroup) shared(x *big.Int, peer []byte) ([]byte, error) {
	if len(peer) == 0 || len(peer) > (g.P.BitLen()+7)/8 {
		return nil, malformed("DH public value of %d bytes", len(peer))
	}
	y := new(big.Int).SetBytes(peer)
	if err := g.check(y); err != nil {
		return nil, err
	}
	return new(big.Int).Exp(y, x, g.P).FillBytes(make([]byte, (g.P.BitLen()+7)/8)), nil
}

// encodeSPKI is the dhpublicnumber SubjectPublicKeyInfo of y.
func (g *DHGroup) encodeSPKI(y *big.Int) ([]byte, error) {
	params, err := asn1.Marshal(dhDomainParameters{P: g.P, G: g.G, Q: g.Q})
	if err != nil {
		return nil, fmt.Errorf("DH parameters: %w", err)
	}
	yDER, err := asn1.Marshal(y)
	if err != nil {
		return nil, fmt.Errorf("DH public value: %w", err)
	}
	b, err := asn1.Marshal(spki{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidDHPublicNumber, Parameters: asn1.RawValue{FullBytes: params}},
		PublicKey: asn1.BitString{Bytes: yDER, BitLength: 8 * len(yDER)},
	})
	if err != nil {
		return nil, fmt.Errorf("DH public key: %w", err)
	}
	return b, nil
}

// ecdhAgreement is ECDH on a curve, the keyAgreement of id-CA-ECDH.
type ecdhAgreement struct{ curve *Curve }

func (e ecdhAgreement) String() string { return e.curve.Name }

// generate picks k in [1, n-1] and sends k·G uncompressed (ICAO 9303-11 §9.4.1).
func (e ecdhAgreement) generate(rand io.Reader) (*big.Int, []byte, error) {
	k, err := ephemeralKey(rand, e.curve.N)
	if err != nil {
		return nil, nil, err
	}
	return k, e.curve.Encode(e.curve.ScalarBaseMult(k)), nil
}

// shared is ECKA-DH (BSI TR-03111 §4.3.1): the x coordinate of sk·peer (ICAO
// 9303-11 §9.6).
func (e ecdhAgreement) shared(sk *big.Int, peer []byte) ([]byte, error) {
	k, err := e.curve.ECDH(sk, peer)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return k, nil
}

// agreement returns the key agreement of k and k's public value as the protocol
// encodes it.
func (k *PublicKey) agreement() (keyAgreement, []byte) {
	if k.DH != nil {
		return k.DH, k.Y.Bytes()
	}
	return ecdhAgreement{k.Curve}, encodePoint(k.Curve, k.X, k.Y)
}
