package ecc

import (
	"crypto/rand"
	"crypto/sha256"
	"math/big"
	"testing"
)

// signECDSA signs with the generic arithmetic (test only: not constant time).
func signECDSA(c *Curve, d *big.Int, hash []byte) (r, s *big.Int) {
	for {
		k, _ := rand.Int(rand.Reader, c.N)
		if k.Sign() == 0 {
			continue
		}
		r = new(big.Int).Mod(c.ScalarBaseMult(k).X, c.N)
		s = new(big.Int).Mul(r, d)
		s.Add(s, HashToInt(hash, c.N)).Mul(s, new(big.Int).ModInverse(k, c.N)).Mod(s, c.N)
		if r.Sign() != 0 && s.Sign() != 0 {
			return r, s
		}
	}
}

func TestECDSABrainpool(t *testing.T) {
	for _, id := range []int{13, 16, 17} { // brainpoolP256r1, P384r1, P512r1
		c := ByParamID(id)
		d, _ := rand.Int(rand.Reader, c.N)
		pub := c.ScalarBaseMult(d)
		h := sha256.Sum256([]byte("EF.SOD"))
		r, s := signECDSA(c, d, h[:])
		if !c.VerifyECDSA(pub, h[:], r, s) {
			t.Errorf("%s: valid signature refused", c.Name)
		}
		h[0] ^= 1
		if c.VerifyECDSA(pub, h[:], r, s) {
			t.Errorf("%s: signature over other data accepted", c.Name)
		}
	}
}

// BenchmarkECDSAVerifyBrainpoolP256 is one signature verification with the generic
// arithmetic, which document signers on brainpool curves need (crypto/ecdsa does
// the NIST curves).
func BenchmarkECDSAVerifyBrainpoolP256(b *testing.B) {
	c := ByParamID(13)
	d, _ := rand.Int(rand.Reader, c.N)
	pub := c.ScalarBaseMult(d)
	h := sha256.Sum256([]byte("EF.SOD"))
	r, s := signECDSA(c, d, h[:])
	for b.Loop() {
		if !c.VerifyECDSA(pub, h[:], r, s) {
			b.Fatal("refused")
		}
	}
}
