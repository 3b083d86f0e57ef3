package icao

import (
	"fmt"
	"math/big"
)

// curve is a short Weierstrass curve y² = x³ + ax + b over the prime field p with
// a base point G of prime order n and cofactor 1 (all curves of ICAO 9303-11
// §9.5.1). The arithmetic is over math/big in Jacobian coordinates and is not
// constant time; see the package documentation for why that is acceptable.
type curve struct {
	name     string
	p, a, b  *big.Int
	gx, gy   *big.Int
	n        *big.Int
	byteSize int // length of a field element in bytes
}

// point is an affine point; the point at infinity is inf.
type point struct {
	x, y *big.Int
	inf  bool
}

// jacobian is (X, Y, Z) with x = X/Z², y = Y/Z³; Z = 0 is the point at infinity.
type jacobian struct{ x, y, z *big.Int }

func (c *curve) generator() point { return point{x: c.gx, y: c.gy} }

// onCurve reports whether p is a finite point whose coordinates are field elements
// and satisfy the curve equation.
func (c *curve) onCurve(pt point) bool {
	if pt.inf || pt.x == nil || pt.y == nil ||
		pt.x.Sign() < 0 || pt.x.Cmp(c.p) >= 0 || pt.y.Sign() < 0 || pt.y.Cmp(c.p) >= 0 {
		return false
	}
	lhs := new(big.Int).Mul(pt.y, pt.y)
	lhs.Mod(lhs, c.p)
	rhs := new(big.Int).Mul(pt.x, pt.x)
	rhs.Add(rhs, c.a)
	rhs.Mul(rhs, pt.x)
	rhs.Add(rhs, c.b)
	rhs.Mod(rhs, c.p)
	return lhs.Cmp(rhs) == 0
}

func (c *curve) toJacobian(pt point) jacobian {
	if pt.inf {
		return jacobian{new(big.Int), new(big.Int).SetInt64(1), new(big.Int)}
	}
	return jacobian{new(big.Int).Set(pt.x), new(big.Int).Set(pt.y), big.NewInt(1)}
}

func (c *curve) toAffine(j jacobian) point {
	if j.z.Sign() == 0 {
		return point{inf: true}
	}
	zi := new(big.Int).ModInverse(j.z, c.p)
	zi2 := new(big.Int).Mul(zi, zi)
	zi2.Mod(zi2, c.p)
	x := new(big.Int).Mul(j.x, zi2)
	x.Mod(x, c.p)
	zi2.Mul(zi2, zi)
	y := new(big.Int).Mul(j.y, zi2)
	y.Mod(y, c.p)
	return point{x: x, y: y}
}

// double is 2P for general a ("dbl-2007-bl", Bernstein–Lange Explicit-Formulas Database).
func (c *curve) double(q jacobian) jacobian {
	if q.z.Sign() == 0 || q.y.Sign() == 0 {
		return jacobian{new(big.Int), big.NewInt(1), new(big.Int)}
	}
	p := c.p
	mod := func(v *big.Int) *big.Int { return v.Mod(v, p) }
	xx := mod(new(big.Int).Mul(q.x, q.x))
	yy := mod(new(big.Int).Mul(q.y, q.y))
	yyyy := mod(new(big.Int).Mul(yy, yy))
	zz := mod(new(big.Int).Mul(q.z, q.z))
	s := mod(new(big.Int).Mul(q.x, yy))
	s.Lsh(s, 2)
	mod(s)
	m := mod(new(big.Int).Mul(zz, zz))
	m.Mul(m, c.a)
	m.Add(m, new(big.Int).Mul(xx, big.NewInt(3)))
	mod(m)
	x3 := new(big.Int).Mul(m, m)
	x3.Sub(x3, new(big.Int).Lsh(s, 1))
	mod(x3)
	y3 := new(big.Int).Sub(s, x3)
	y3.Mul(y3, m)
	y3.Sub(y3, new(big.Int).Lsh(yyyy, 3))
	mod(y3)
	z3 := new(big.Int).Mul(q.y, q.z)
	z3.Lsh(z3, 1)
	mod(z3)
	return jacobian{x3, y3, z3}
}

// add is P + Q ("add-2007-bl" without the Z-squared shortcut).
func (c *curve) add(p1, p2 jacobian) jacobian {
	if p1.z.Sign() == 0 {
		return p2
	}
	if p2.z.Sign() == 0 {
		return p1
	}
	p := c.p
	mod := func(v *big.Int) *big.Int { return v.Mod(v, p) }
	z1z1 := mod(new(big.Int).Mul(p1.z, p1.z))
	z2z2 := mod(new(big.Int).Mul(p2.z, p2.z))
	u1 := mod(new(big.Int).Mul(p1.x, z2z2))
	u2 := mod(new(big.Int).Mul(p2.x, z1z1))
	s1 := mod(new(big.Int).Mul(p1.y, mod(new(big.Int).Mul(p2.z, z2z2))))
	s2 := mod(new(big.Int).Mul(p2.y, mod(new(big.Int).Mul(p1.z, z1z1))))
	if u1.Cmp(u2) == 0 {
		if s1.Cmp(s2) == 0 {
			return c.double(p1)
		}
		return jacobian{new(big.Int), big.NewInt(1), new(big.Int)}
	}
	h := mod(new(big.Int).Sub(u2, u1))
	r := mod(new(big.Int).Sub(s2, s1))
	hh := mod(new(big.Int).Mul(h, h))
	hhh := mod(new(big.Int).Mul(h, hh))
	v := mod(new(big.Int).Mul(u1, hh))
	x3 := new(big.Int).Mul(r, r)
	x3.Sub(x3, hhh)
	x3.Sub(x3, new(big.Int).Lsh(v, 1))
	mod(x3)
	y3 := new(big.Int).Sub(v, x3)
	y3.Mul(y3, r)
	y3.Sub(y3, new(big.Int).Mul(s1, hhh))
	mod(y3)
	z3 := new(big.Int).Mul(p1.z, p2.z)
	z3.Mul(z3, h)
	mod(z3)
	return jacobian{x3, y3, z3}
}

// scalarMult is k·P with a fixed 4-bit window.
func (c *curve) scalarMult(pt point, k *big.Int) point {
	if pt.inf || k.Sign() == 0 {
		return point{inf: true}
	}
	kk := new(big.Int).Mod(k, c.n)
	var table [16]jacobian
	table[0] = c.toJacobian(point{inf: true})
	table[1] = c.toJacobian(pt)
	for i := 2; i < 16; i++ {
		table[i] = c.add(table[i-1], table[1])
	}
	acc := table[0]
	for i := (kk.BitLen() + 3) / 4 * 4; i >= 0; i -= 4 {
		for j := 0; j < 4; j++ {
			acc = c.double(acc)
		}
		w := kk.Bit(i+3)<<3 | kk.Bit(i+2)<<2 | kk.Bit(i+1)<<1 | kk.Bit(i)
		if w != 0 {
			acc = c.add(acc, table[w])
		}
	}
	return c.toAffine(acc)
}

// addPoints is P + Q in affine coordinates.
func (c *curve) addPoints(p1, p2 point) point {
	return c.toAffine(c.add(c.toJacobian(p1), c.toJacobian(p2)))
}

// encode is the uncompressed encoding 04 || X || Y (BSI TR-03111 §3.2.1), which
// ICAO 9303-11 §9.4.1 and §9.4.5 use for ephemeral ECDH public keys.
func (c *curve) encode(pt point) []byte {
	out := make([]byte, 1+2*c.byteSize)
	out[0] = 0x04
	pt.x.FillBytes(out[1 : 1+c.byteSize])
	pt.y.FillBytes(out[1+c.byteSize:])
	return out
}

// decode parses an uncompressed point and rejects anything that is not a finite
// point of the curve (all curves here have cofactor 1, so that is enough to put it
// in the group of order n).
func (c *curve) decode(b []byte) (point, error) {
	if len(b) != 1+2*c.byteSize || b[0] != 0x04 {
		return point{}, fmt.Errorf("%s public key of %d bytes is not an uncompressed point: %w", c.name, len(b), ErrProtocol)
	}
	pt := point{
		x: new(big.Int).SetBytes(b[1 : 1+c.byteSize]),
		y: new(big.Int).SetBytes(b[1+c.byteSize:]),
	}
	if !c.onCurve(pt) {
		return point{}, fmt.Errorf("%s public key is not a point of the curve: %w", c.name, ErrProtocol)
	}
	return pt, nil
}

// fieldBytes is x as a field element of byteSize bytes (BSI TR-03111 §3.1.3), the
// form of the shared secret K (§9.7.1 note: the x coordinate; Appendix G.1).
func (c *curve) fieldBytes(x *big.Int) []byte {
	return x.FillBytes(make([]byte, c.byteSize))
}
