package ecc

import (
	"crypto/elliptic"
	"fmt"
	"math/big"
)

// Curve is a short Weierstrass curve y² = x³ + ax + b over GF(P) with a base point
// G = (Gx, Gy) of prime order N and cofactor H (BSI TR-03111 §2.3.1). A nil H
// means 1, as for every named curve here. The named curves are shared and must
// not be modified.
type Curve struct {
	Name         string
	P, A, B      *big.Int
	Gx, Gy, N, H *big.Int
}

// Point is an affine point. The zero Point is the point at infinity.
type Point struct{ X, Y *big.Int }

// IsInfinity reports whether p is the point at infinity.
func (p Point) IsInfinity() bool { return p.X == nil || p.Y == nil }

func (c *Curve) String() string { return c.Name }

// Generator is the base point G.
func (c *Curve) Generator() Point { return Point{c.Gx, c.Gy} }

// ByteSize is the length of a field element in bytes.
func (c *Curve) ByteSize() int { return (c.P.BitLen() + 7) / 8 }

// OnCurve reports whether p is a finite point whose coordinates are field elements
// and satisfy the curve equation.
func (c *Curve) OnCurve(p Point) bool {
	if p.IsInfinity() || p.X.Sign() < 0 || p.X.Cmp(c.P) >= 0 || p.Y.Sign() < 0 || p.Y.Cmp(c.P) >= 0 {
		return false
	}
	lhs := new(big.Int).Mul(p.Y, p.Y)
	rhs := new(big.Int).Mul(p.X, p.X)
	rhs.Add(rhs, c.A).Mul(rhs, p.X).Add(rhs, c.B)
	return lhs.Sub(lhs, rhs).Mod(lhs, c.P).Sign() == 0
}

// Encode is the uncompressed encoding 04 ‖ X ‖ Y (BSI TR-03111 §3.2.1), which
// ICAO 9303-11 §9.4.1 and §9.4.5 use for ECDH public keys. The point at infinity
// is the single byte 00 (SEC 1 §2.3.3), which Decode refuses.
func (c *Curve) Encode(p Point) []byte {
	if p.IsInfinity() {
		return []byte{0x00}
	}
	n := c.ByteSize()
	out := make([]byte, 1+2*n)
	out[0] = 0x04
	p.X.FillBytes(out[1 : 1+n])
	p.Y.FillBytes(out[1+n:])
	return out
}

// Decode parses an uncompressed point and rejects anything that is not a finite
// point of the curve (ErrInvalidPoint). On a curve with cofactor 1 that puts the
// point in the group of order N.
func (c *Curve) Decode(b []byte) (Point, error) {
	n := c.ByteSize()
	if len(b) != 1+2*n || b[0] != 0x04 {
		return Point{}, fmt.Errorf("%s point of %d bytes, want %d uncompressed: %w", c.Name, len(b), 1+2*n, ErrInvalidPoint)
	}
	p := Point{new(big.Int).SetBytes(b[1 : 1+n]), new(big.Int).SetBytes(b[1+n:])}
	if !c.OnCurve(p) {
		return Point{}, fmt.Errorf("%s: not a point of the curve: %w", c.Name, ErrInvalidPoint)
	}
	return p, nil
}

// FieldBytes is x as a field element of ByteSize bytes (BSI TR-03111 §3.1.3).
func (c *Curve) FieldBytes(x *big.Int) []byte { return x.FillBytes(make([]byte, c.ByteSize())) }

// ECDH is ECKA-DH of BSI TR-03111 §4.3.1 with cofactor 1: the x coordinate of
// k·peer as a field element, the shared secret of ICAO 9303-11 §9.6 and §9.7.1.
func (c *Curve) ECDH(k *big.Int, peer []byte) ([]byte, error) {
	q, err := c.Decode(peer)
	if err != nil {
		return nil, err
	}
	z := c.ScalarMult(q, k)
	if z.IsInfinity() {
		return nil, fmt.Errorf("shared point is the point at infinity: %w", ErrInvalidPoint)
	}
	return c.FieldBytes(z.X), nil
}

// Equal compares the domain parameters, not the names.
func (c *Curve) Equal(o *Curve) bool {
	return c.P.Cmp(o.P) == 0 && c.A.Cmp(o.A) == 0 && c.B.Cmp(o.B) == 0 &&
		c.Gx.Cmp(o.Gx) == 0 && c.Gy.Cmp(o.Gy) == 0 && c.N.Cmp(o.N) == 0
}

// Std returns the crypto/elliptic curve equal to c, if there is one, so that
// callers can use crypto/ecdsa and crypto/ecdh.
func (c *Curve) Std() elliptic.Curve {
	for _, sc := range []elliptic.Curve{elliptic.P224(), elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		p := sc.Params()
		if p.P.Cmp(c.P) == 0 && p.B.Cmp(c.B) == 0 && p.Gx.Cmp(c.Gx) == 0 && p.N.Cmp(c.N) == 0 &&
			new(big.Int).Sub(p.P, big.NewInt(3)).Cmp(c.A) == 0 {
			return sc
		}
	}
	return nil
}

// cofactorOne reports whether every point of the curve lies in the group of order N.
func (c *Curve) cofactorOne() bool { return c.H == nil || c.H.Cmp(big.NewInt(1)) == 0 }
