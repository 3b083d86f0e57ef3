package ecc

import "math/big"

// VerifyECDSA checks the signature (r, s) over hash with the public key q
// (BSI TR-03111 §4.2.1.2, FIPS 186-4 §6.4); hash is truncated here to the bit
// length of N. q must come from Decode (on the curve).
func (c *Curve) VerifyECDSA(q Point, hash []byte, r, s *big.Int) bool {
	if r == nil || s == nil || r.Sign() <= 0 || s.Sign() <= 0 || r.Cmp(c.N) >= 0 || s.Cmp(c.N) >= 0 {
		return false
	}
	w := new(big.Int).ModInverse(s, c.N)
	if w == nil {
		return false
	}
	u1 := new(big.Int).Mul(HashToInt(hash, c.N), w)
	u1.Mod(u1, c.N)
	u2 := new(big.Int).Mul(r, w)
	u2.Mod(u2, c.N)
	x := c.doubleScalarMult(u1, q, u2)
	if x.IsInfinity() {
		return false
	}
	return new(big.Int).Mod(x.X, c.N).Cmp(r) == 0
}

// HashToInt takes the leftmost bits of hash, as many as the order n has
// (FIPS 186-4 §6.4).
func HashToInt(hash []byte, n *big.Int) *big.Int {
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
