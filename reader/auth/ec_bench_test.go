package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"testing"
)

// BenchmarkECDSAVerifyBrainpoolP256 is one signature verification with the generic
// arithmetic of ec.go, which document signers on brainpool curves need (crypto/ecdsa
// does the NIST curves).
func BenchmarkECDSAVerifyBrainpoolP256(b *testing.B) {
	c := CurveByOID(oidBrainpoolP256r1)
	d, _ := rand.Int(rand.Reader, c.N)
	qx, qy, _ := c.affine(c.scalarMult(c.Gx, c.Gy, d))
	pub := &PublicKey{Curve: c, X: qx, Y: qy}
	h := sha256.Sum256([]byte("EF.SOD"))
	r, s := signECDSA(c, d, h[:])
	for b.Loop() {
		if !verifyECDSA(pub, h[:], r, s) {
			b.Fatal("refused")
		}
	}
}
