package icao

import (
	"fmt"
	"math/big"

	"github.com/citizenkiosk/citizenkiosk/reader/internal/ecc"
)

// The integrated mapping of ICAO 9303-11 §4.4.3.3.2: the terminal sends a second
// nonce t in clear, and both sides map Rp(s, t) straight into the group.

// Constants of the pseudo-random number mapping (§4.4.3.3.2, Figure 2).
var (
	imC0L128 = []byte{0xa6, 0x68, 0x89, 0x2a, 0x7c, 0x41, 0xe3, 0xca, 0x73, 0x9f, 0x40, 0xb0, 0x57, 0xd8, 0x59, 0x04}
	imC1L128 = []byte{0xa4, 0xe1, 0x36, 0xac, 0x72, 0x5f, 0x73, 0x8b, 0x01, 0xc1, 0xf6, 0x02, 0x17, 0xc1, 0x88, 0xad}
	imC0L256 = []byte{0xd4, 0x63, 0xd6, 0x52, 0x34, 0x12, 0x4e, 0xf7, 0x89, 0x70, 0x54, 0x98, 0x6d, 0xca, 0x0a, 0x17,
		0x4e, 0x28, 0xdf, 0x75, 0x8c, 0xba, 0xa0, 0x3f, 0x24, 0x06, 0x16, 0x41, 0x4d, 0x5a, 0x16, 0x76}
	imC1L256 = []byte{0x54, 0xbd, 0x72, 0x55, 0xf0, 0xaa, 0xf8, 0x31, 0xbe, 0xc3, 0x42, 0x3f, 0xcf, 0x39, 0xd6, 0x9b,
		0x6c, 0xbf, 0x06, 0x66, 0x77, 0xd0, 0xfa, 0xae, 0x5a, 0xad, 0xd9, 0x9d, 0xf8, 0xe5, 0x35, 0x17}
)

// nonceLength is the length of the chip's nonce s: one block for the generic
// mapping; for the integrated mapping the smallest multiple of the block size that
// holds a key (§4.4.3.3; 3DES counts as 128 bits), so 16 or 32 bytes.
func nonceLength(c Cipher, m Mapping) int {
	bs := c.BlockSize()
	if m != IntegratedMapping {
		return bs
	}
	return (c.KeySize() + bs - 1) / bs * bs
}

// pseudoRandom is Rp(s, t) of §4.4.3.3.2: R(s, t) mod p, where R has n blocks of
// l bits (l the length of s) with n the smallest number such that
// n·l ≥ log2 p + 64.
func pseudoRandom(c Cipher, s, t []byte, p *big.Int) (*big.Int, error) {
	l := len(s) * 8
	if l == 0 {
		return nil, fmt.Errorf("integrated mapping: empty nonce s: %w", ErrProtocol)
	}
	x, err := imPRF(c, s, t, (p.BitLen()+64+l-1)/l)
	if err != nil {
		return nil, err
	}
	return new(big.Int).Mod(new(big.Int).SetBytes(x), p), nil
}

// imPRF is R(s, t) of Figure 2: k0 = E(t, s); then for i = 0..n-1,
// x_i = E(k_i, c1) and k_i+1 = E(k_i, c0), each k truncated to the key size, all in
// CBC mode with a zero IV; the result is x_0 || ... || x_n-1.
func imPRF(c Cipher, s, t []byte, n int) ([]byte, error) {
	var c0, c1 []byte
	switch len(s) {
	case 16:
		c0, c1 = imC0L128, imC1L128
	case 32:
		c0, c1 = imC0L256, imC1L256
	default:
		return nil, fmt.Errorf("integrated mapping: nonce s of %d bytes: %w", len(s), ErrProtocol)
	}
	if len(t) != c.KeySize() {
		return nil, fmt.Errorf("integrated mapping: nonce t of %d bytes, want %d: %w", len(t), c.KeySize(), ErrProtocol)
	}
	zero := make([]byte, c.BlockSize())
	b, err := newBlock(c, t)
	if err != nil {
		return nil, err
	}
	k := cbcEncrypt(b, zero, s)
	var x []byte
	for range n {
		if len(k) < c.KeySize() {
			return nil, fmt.Errorf("integrated mapping: %v needs s of at least %d bytes: %w", c, c.KeySize(), ErrProtocol)
		}
		if b, err = newBlock(c, k[:c.KeySize()]); err != nil {
			return nil, err
		}
		x = append(x, cbcEncrypt(b, zero, c1)...)
		k = cbcEncrypt(b, zero, c0)
	}
	return x, nil
}

// encodeToCurve is the point encoding fG of Appendix B.2 (Brier et al., CRYPTO
// 2010) for curves with p ≡ 3 mod 4 and cofactor 1:
//
//	α = -t² ; X2 = -b·a⁻¹·(1 + (α+α²)⁻¹) ; X3 = α·X2 ; h2 = X2³ + a·X2 + b ;
//	U = t³·h2 ; A = h2^(p-1-(p+1)/4) ; (x, y) = (X2, A·h2) if A²·h2 = 1, else (X3, A·U).
func encodeToCurve(c *ecc.Curve, t *big.Int) (ecc.Point, error) {
	p := c.P
	if p.Bit(0) != 1 || p.Bit(1) != 1 {
		return ecc.Point{}, fmt.Errorf("integrated mapping on %s (p ≢ 3 mod 4): %w", c.Name, ErrUnsupported)
	}
	mod := func(v *big.Int) *big.Int { return v.Mod(v, p) }
	mul := func(a, b *big.Int) *big.Int { return mod(new(big.Int).Mul(a, b)) }
	one := big.NewInt(1)
	alpha := mod(new(big.Int).Neg(mul(t, t)))
	d := mod(new(big.Int).Add(alpha, mul(alpha, alpha)))
	dInv := new(big.Int).ModInverse(d, p)
	aInv := new(big.Int).ModInverse(c.A, p)
	if t.Sign() == 0 || dInv == nil || aInv == nil {
		return ecc.Point{}, fmt.Errorf("integrated mapping: value cannot be encoded: %w", ErrProtocol)
	}
	x2 := mul(mod(new(big.Int).Neg(c.B)), aInv)
	x2 = mul(x2, mod(new(big.Int).Add(one, dInv)))
	x3 := mul(alpha, x2)
	h2 := mod(new(big.Int).Add(mul(mul(x2, x2), x2), new(big.Int).Add(mul(c.A, x2), c.B)))
	u := mul(mul(mul(t, t), t), h2)
	e := new(big.Int).Sub(p, one)
	e.Sub(e, new(big.Int).Rsh(new(big.Int).Add(p, one), 2))
	a := new(big.Int).Exp(h2, e, p)
	pt := ecc.Point{X: x3, Y: mul(a, u)}
	if mul(mul(a, a), h2).Cmp(one) == 0 {
		pt = ecc.Point{X: x2, Y: mul(a, h2)}
	}
	if !c.OnCurve(pt) {
		return ecc.Point{}, fmt.Errorf("integrated mapping: encoded point not on %s: %w", c.Name, ErrProtocol)
	}
	return pt, nil
}

func (e *ecGroup) mapIntegrated(c Cipher, s, t []byte) (paceGroup, error) {
	r, err := pseudoRandom(c, s, t, e.cv.P)
	if err != nil {
		return nil, err
	}
	g, err := encodeToCurve(e.cv, r)
	if err != nil {
		return nil, err
	}
	return &ecGroup{cv: e.cv, g: g}, nil
}

// mapIntegrated for DH is fg(x) = x^((p-1)/q) mod p, which must not be 1
// (§4.4.3.3.2).
func (d *dhGroup) mapIntegrated(c Cipher, s, t []byte) (paceGroup, error) {
	r, err := pseudoRandom(c, s, t, d.p)
	if err != nil {
		return nil, err
	}
	cofactor := new(big.Int).Div(new(big.Int).Sub(d.p, big.NewInt(1)), d.q)
	g := new(big.Int).Exp(r, cofactor, d.p)
	if g.Cmp(big.NewInt(1)) <= 0 {
		return nil, fmt.Errorf("integrated mapping: mapped generator is 1: %w", ErrProtocol)
	}
	return &dhGroup{name: d.name, p: d.p, q: d.q, g: g}, nil
}
