package ecc

import "math/big"

// jacobian is (X, Y, Z) with x = X/Z², y = Y/Z³; Z = 0 is the point at infinity.
type jacobian struct{ x, y, z *big.Int }

func infinity() jacobian { return jacobian{new(big.Int), big.NewInt(1), new(big.Int)} }

func (c *Curve) mod(v *big.Int) *big.Int { return v.Mod(v, c.P) }

func (c *Curve) toJacobian(p Point) jacobian {
	if p.IsInfinity() {
		return infinity()
	}
	return jacobian{new(big.Int).Set(p.X), new(big.Int).Set(p.Y), big.NewInt(1)}
}

// toAffine converts q; a Z without an inverse (only an explicit curve whose P is
// not prime has one) is taken as infinity.
func (c *Curve) toAffine(q jacobian) Point {
	if q.z.Sign() == 0 {
		return Point{}
	}
	zi := new(big.Int).ModInverse(q.z, c.P)
	if zi == nil {
		return Point{}
	}
	zi2 := c.mod(new(big.Int).Mul(zi, zi))
	x := c.mod(new(big.Int).Mul(q.x, zi2))
	zi2.Mul(zi2, zi)
	y := c.mod(new(big.Int).Mul(q.y, zi2))
	return Point{x, y}
}

// double is 2P for general a ("dbl-2007-bl", Bernstein–Lange Explicit-Formulas Database).
func (c *Curve) double(q jacobian) jacobian {
	if q.z.Sign() == 0 || q.y.Sign() == 0 {
		return infinity()
	}
	xx := c.mod(new(big.Int).Mul(q.x, q.x))
	yy := c.mod(new(big.Int).Mul(q.y, q.y))
	yyyy := c.mod(new(big.Int).Mul(yy, yy))
	zz := c.mod(new(big.Int).Mul(q.z, q.z))
	s := c.mod(new(big.Int).Mul(q.x, yy))
	s.Lsh(s, 2)
	c.mod(s)
	m := c.mod(new(big.Int).Mul(zz, zz))
	m.Mul(m, c.A)
	m.Add(m, new(big.Int).Mul(xx, big.NewInt(3)))
	c.mod(m)
	x3 := new(big.Int).Mul(m, m)
	x3.Sub(x3, new(big.Int).Lsh(s, 1))
	c.mod(x3)
	y3 := new(big.Int).Sub(s, x3)
	y3.Mul(y3, m)
	y3.Sub(y3, new(big.Int).Lsh(yyyy, 3))
	c.mod(y3)
	z3 := new(big.Int).Mul(q.y, q.z)
	z3.Lsh(z3, 1)
	c.mod(z3)
	return jacobian{x3, y3, z3}
}

// add is P + Q ("add-2007-bl" without the Z-squared shortcut); it falls back to
// double when both points are equal.
func (c *Curve) add(p1, p2 jacobian) jacobian {
	if p1.z.Sign() == 0 {
		return p2
	}
	if p2.z.Sign() == 0 {
		return p1
	}
	z1z1 := c.mod(new(big.Int).Mul(p1.z, p1.z))
	z2z2 := c.mod(new(big.Int).Mul(p2.z, p2.z))
	u1 := c.mod(new(big.Int).Mul(p1.x, z2z2))
	u2 := c.mod(new(big.Int).Mul(p2.x, z1z1))
	s1 := c.mod(new(big.Int).Mul(p1.y, c.mod(new(big.Int).Mul(p2.z, z2z2))))
	s2 := c.mod(new(big.Int).Mul(p2.y, c.mod(new(big.Int).Mul(p1.z, z1z1))))
	if u1.Cmp(u2) == 0 {
		if s1.Cmp(s2) == 0 {
			return c.double(p1)
		}
		return infinity()
	}
	h := c.mod(new(big.Int).Sub(u2, u1))
	r := c.mod(new(big.Int).Sub(s2, s1))
	hh := c.mod(new(big.Int).Mul(h, h))
	hhh := c.mod(new(big.Int).Mul(h, hh))
	v := c.mod(new(big.Int).Mul(u1, hh))
	x3 := new(big.Int).Mul(r, r)
	x3.Sub(x3, hhh)
	x3.Sub(x3, new(big.Int).Lsh(v, 1))
	c.mod(x3)
	y3 := new(big.Int).Sub(v, x3)
	y3.Mul(y3, r)
	y3.Sub(y3, new(big.Int).Mul(s1, hhh))
	c.mod(y3)
	z3 := new(big.Int).Mul(p1.z, p2.z)
	z3.Mul(z3, h)
	c.mod(z3)
	return jacobian{x3, y3, z3}
}

// Add is P + Q.
func (c *Curve) Add(p, q Point) Point {
	return c.toAffine(c.add(c.toJacobian(p), c.toJacobian(q)))
}

// ScalarMult is k·P with a fixed 4-bit window. A negative k, and on a curve with
// cofactor 1 a k of N or more, is first reduced modulo N.
func (c *Curve) ScalarMult(p Point, k *big.Int) Point {
	if p.IsInfinity() || k.Sign() == 0 {
		return Point{}
	}
	if k.Sign() < 0 || c.cofactorOne() && k.Cmp(c.N) >= 0 {
		k = new(big.Int).Mod(k, c.N)
	}
	var table [16]jacobian
	table[0] = infinity()
	table[1] = c.toJacobian(p)
	for i := 2; i < 16; i++ {
		table[i] = c.add(table[i-1], table[1])
	}
	acc := table[0]
	for i := (k.BitLen() + 3) / 4 * 4; i >= 0; i -= 4 {
		for range 4 {
			acc = c.double(acc)
		}
		w := k.Bit(i+3)<<3 | k.Bit(i+2)<<2 | k.Bit(i+1)<<1 | k.Bit(i)
		if w != 0 {
			acc = c.add(acc, table[w])
		}
	}
	return c.toAffine(acc)
}

// ScalarBaseMult is k·G.
func (c *Curve) ScalarBaseMult(k *big.Int) Point { return c.ScalarMult(c.Generator(), k) }

// doubleScalarMult is u1·G + u2·Q with one chain of doublings (Shamir's trick;
// BSI TR-03111 §4.1.2 leaves the method open): about half the work of two
// ScalarMults.
func (c *Curve) doubleScalarMult(u1 *big.Int, q Point, u2 *big.Int) Point {
	g := c.toJacobian(c.Generator())
	qj := c.toJacobian(q)
	gq := c.add(g, qj)
	acc := infinity()
	for i := max(u1.BitLen(), u2.BitLen()) - 1; i >= 0; i-- {
		acc = c.double(acc)
		switch {
		case u1.Bit(i) == 1 && u2.Bit(i) == 1:
			acc = c.add(acc, gq)
		case u1.Bit(i) == 1:
			acc = c.add(acc, g)
		case u2.Bit(i) == 1:
			acc = c.add(acc, qj)
		}
	}
	return c.toAffine(acc)
}
