package auth

import (
	"crypto/elliptic"
	"fmt"
	"io"
	"math/big"
)

// Curve is a short Weierstrass curve y² = x³ + ax + b over GF(p) with a base point G
// of prime order N (BSI TR-03111 §2.3.1). It carries any a, unlike
// crypto/elliptic, so that brainpool curves and explicit domain parameters work.
type Curve struct {
	Name         string
	P, A, B      *big.Int
	Gx, Gy, N, H *big.Int
}

// byteLen is the length of a field element in bytes.
func (c *Curve) byteLen() int { return (c.P.BitLen() + 7) / 8 }

// onCurve reports whether (x, y) is a point of the curve other than infinity.
func (c *Curve) onCurve(x, y *big.Int) bool {
	if x.Sign() < 0 || y.Sign() < 0 || x.Cmp(c.P) >= 0 || y.Cmp(c.P) >= 0 {
		return false
	}
	lhs := new(big.Int).Mul(y, y)
	rhs := new(big.Int).Mul(x, x)
	rhs.Add(rhs, c.A).Mul(rhs, x).Add(rhs, c.B)
	return lhs.Sub(lhs, rhs).Mod(lhs, c.P).Sign() == 0
}

// jac is a point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is infinity.
type jac struct{ x, y, z *big.Int }

func (c *Curve) mod(v *big.Int) *big.Int { return v.Mod(v, c.P) }

// double is dbl-2007-bl for any a (hyperelliptic.org EFD, short Weierstrass).
func (c *Curve) double(q jac) jac {
	if q.z.Sign() == 0 || q.y.Sign() == 0 {
		return jac{new(big.Int), new(big.Int), new(big.Int)}
	}
	xx := c.mod(new(big.Int).Mul(q.x, q.x))
	yy := c.mod(new(big.Int).Mul(q.y, q.y))
	yyyy := c.mod(new(big.Int).Mul(yy, yy))
	zz := c.mod(new(big.Int).Mul(q.z, q.z))
	s := new(big.Int).Add(q.x, yy)
	s.Mul(s, s).Sub(s, xx).Sub(s, yyyy).Lsh(s, 1)
	c.mod(s)
	m := new(big.Int).Mul(zz, zz)
	m.Mul(m, c.A).Add(m, new(big.Int).Mul(xx, big.NewInt(3)))
	c.mod(m)
	x3 := new(big.Int).Mul(m, m)
	x3.Sub(x3, new(big.Int).Lsh(s, 1))
	c.mod(x3)
	y3 := new(big.Int).Sub(s, x3)
	y3.Mul(y3, m).Sub(y3, new(big.Int).Lsh(yyyy, 3))
	c.mod(y3)
	z3 := new(big.Int).Add(q.y, q.z)
	z3.Mul(z3, z3).Sub(z3, yy).Sub(z3, zz)
	c.mod(z3)
	return jac{x3, y3, z3}
}

// add is add-2007-bl; it falls back to double when both points are equal.
func (c *Curve) add(p1, p2 jac) jac {
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
	s1 := new(big.Int).Mul(p1.y, p2.z)
	c.mod(s1.Mul(s1, z2z2))
	s2 := new(big.Int).Mul(p2.y, p1.z)
	c.mod(s2.Mul(s2, z1z1))
	h := c.mod(new(big.Int).Sub(u2, u1))
	r := c.mod(new(big.Int).Sub(s2, s1))
	if h.Sign() == 0 {
		if r.Sign() == 0 {
			return c.double(p1)
		}
		return jac{new(big.Int), new(big.Int), new(big.Int)}
	}
	r.Lsh(r, 1)
	i := new(big.Int).Lsh(h, 1)
	i.Mul(i, i)
	c.mod(i)
	j := c.mod(new(big.Int).Mul(h, i))
	v := c.mod(new(big.Int).Mul(u1, i))
	x3 := new(big.Int).Mul(r, r)
	x3.Sub(x3, j).Sub(x3, new(big.Int).Lsh(v, 1))
	c.mod(x3)
	y3 := new(big.Int).Sub(v, x3)
	y3.Mul(y3, r).Sub(y3, new(big.Int).Lsh(new(big.Int).Mul(s1, j), 1))
	c.mod(y3)
	z3 := new(big.Int).Add(p1.z, p2.z)
	z3.Mul(z3, z3).Sub(z3, z1z1).Sub(z3, z2z2).Mul(z3, h)
	c.mod(z3)
	return jac{x3, y3, z3}
}

// affine converts q; ok is false for infinity.
func (c *Curve) affine(q jac) (x, y *big.Int, ok bool) {
	if q.z.Sign() == 0 {
		return nil, nil, false
	}
	zinv := new(big.Int).ModInverse(q.z, c.P)
	if zinv == nil {
		return nil, nil, false
	}
	zinv2 := new(big.Int).Mul(zinv, zinv)
	x = c.mod(new(big.Int).Mul(q.x, zinv2))
	y = c.mod(new(big.Int).Mul(q.y, zinv2.Mul(zinv2, zinv)))
	return x, y, true
}

// scalarMult is k·(x, y) by double-and-add, not constant time (see the package doc).
func (c *Curve) scalarMult(x, y, k *big.Int) jac {
	acc := jac{new(big.Int), new(big.Int), new(big.Int)}
	pt := jac{x, y, big.NewInt(1)}
	for i := k.BitLen() - 1; i >= 0; i-- {
		acc = c.double(acc)
		if k.Bit(i) == 1 {
			acc = c.add(acc, pt)
		}
	}
	return acc
}

// doubleScalarMult is u1·G + u2·Q with one chain of doublings (Shamir's trick,
// BSI TR-03111 §4.1.2 leaves the method open): about half the work of two scalarMults.
func (c *Curve) doubleScalarMult(u1, qx, qy, u2 *big.Int) jac {
	g := jac{c.Gx, c.Gy, big.NewInt(1)}
	q := jac{qx, qy, big.NewInt(1)}
	gq := c.add(g, q)
	acc := jac{new(big.Int), new(big.Int), new(big.Int)}
	for i := max(u1.BitLen(), u2.BitLen()) - 1; i >= 0; i-- {
		acc = c.double(acc)
		switch {
		case u1.Bit(i) == 1 && u2.Bit(i) == 1:
			acc = c.add(acc, gq)
		case u1.Bit(i) == 1:
			acc = c.add(acc, g)
		case u2.Bit(i) == 1:
			acc = c.add(acc, q)
		}
	}
	return acc
}

// encodePoint is the uncompressed encoding 04 ‖ x ‖ y (BSI TR-03111 §3.2.1).
func (c *Curve) encodePoint(x, y *big.Int) []byte {
	n := c.byteLen()
	out := make([]byte, 1+2*n)
	out[0] = 4
	x.FillBytes(out[1 : 1+n])
	y.FillBytes(out[1+n:])
	return out
}

// decodePoint parses an uncompressed point and checks that it lies on the curve.
func (c *Curve) decodePoint(b []byte) (x, y *big.Int, err error) {
	n := c.byteLen()
	if len(b) != 1+2*n || b[0] != 4 {
		return nil, nil, fmt.Errorf("%w: EC point of %d bytes, want uncompressed %d", ErrMalformed, len(b), 1+2*n)
	}
	x, y = new(big.Int).SetBytes(b[1:1+n]), new(big.Int).SetBytes(b[1+n:])
	if !c.onCurve(x, y) {
		return nil, nil, fmt.Errorf("%w: EC point not on %s", ErrMalformed, c.Name)
	}
	return x, y, nil
}

// generateKey returns a private scalar in [1, N-1] and its public point.
func (c *Curve) generateKey(rand io.Reader) (*big.Int, []byte, error) {
	buf := make([]byte, (c.N.BitLen()+7)/8+8)
	if _, err := io.ReadFull(rand, buf); err != nil {
		return nil, nil, fmt.Errorf("ephemeral key: %w", err)
	}
	k := new(big.Int).SetBytes(buf)
	k.Mod(k, new(big.Int).Sub(c.N, big.NewInt(1))).Add(k, big.NewInt(1))
	x, y, ok := c.affine(c.scalarMult(c.Gx, c.Gy, k))
	if !ok {
		return nil, nil, fmt.Errorf("ephemeral key: %w", ErrMalformed)
	}
	return k, c.encodePoint(x, y), nil
}

// sharedX is the x coordinate of k·peer, ECKA-DH of BSI TR-03111 §4.3.1 with
// cofactor 1, as ICAO 9303-11 §9.6 uses it for the shared secret.
func (c *Curve) sharedX(k *big.Int, peer []byte) ([]byte, error) {
	px, py, err := c.decodePoint(peer)
	if err != nil {
		return nil, err
	}
	x, _, ok := c.affine(c.scalarMult(px, py, k))
	if !ok {
		return nil, fmt.Errorf("%w: shared point is infinity", ErrMalformed)
	}
	return x.FillBytes(make([]byte, c.byteLen())), nil
}

// verifyECDSA checks r, s over the hash e (already truncated by the caller is not
// required: it truncates to the order's bit length, FIPS 186-4 §6.4).
func (c *Curve) verifyECDSA(qx, qy *big.Int, hash []byte, r, s *big.Int) bool {
	if r.Sign() <= 0 || s.Sign() <= 0 || r.Cmp(c.N) >= 0 || s.Cmp(c.N) >= 0 {
		return false
	}
	e := hashToInt(hash, c.N)
	w := new(big.Int).ModInverse(s, c.N)
	if w == nil {
		return false
	}
	u1 := new(big.Int).Mul(e, w)
	u1.Mod(u1, c.N)
	u2 := new(big.Int).Mul(r, w)
	u2.Mod(u2, c.N)
	x, _, ok := c.affine(c.doubleScalarMult(u1, qx, qy, u2))
	if !ok {
		return false
	}
	return x.Mod(x, c.N).Cmp(r) == 0
}

// hashToInt takes the leftmost bits of hash, as many as the order has.
func hashToInt(hash []byte, n *big.Int) *big.Int {
	bits := n.BitLen()
	if size := (bits + 7) / 8; len(hash) > size {
		hash = hash[:size]
	}
	e := new(big.Int).SetBytes(hash)
	if excess := len(hash)*8 - bits; excess > 0 {
		e.Rsh(e, uint(excess))
	}
	return e
}

// stdCurve returns the crypto/elliptic curve equal to c, if there is one, so that
// verification can use crypto/ecdsa.
func (c *Curve) stdCurve() elliptic.Curve {
	for _, sc := range []elliptic.Curve{elliptic.P224(), elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		p := sc.Params()
		if p.P.Cmp(c.P) == 0 && p.B.Cmp(c.B) == 0 && p.Gx.Cmp(c.Gx) == 0 && p.N.Cmp(c.N) == 0 &&
			new(big.Int).Sub(p.P, big.NewInt(3)).Cmp(c.A) == 0 {
			return sc
		}
	}
	return nil
}
