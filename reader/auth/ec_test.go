package auth

import (
	"bytes"
	"crypto/ecdh"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"testing"
)

func TestNamedCurvesOnCurve(t *testing.T) {
	for _, nc := range namedCurves {
		c := nc.curve
		if !c.onCurve(c.Gx, c.Gy) {
			t.Errorf("%s: base point not on the curve", c.Name)
		}
		// n·G is infinity.
		if _, _, ok := c.affine(c.scalarMult(c.Gx, c.Gy, c.N)); ok {
			t.Errorf("%s: n·G is not infinity", c.Name)
		}
	}
}

// TestScalarMultMatchesStdlib checks the generic arithmetic against crypto/elliptic
// (crypto/ecdh) on P-256 and P-384, whose a = -3 is a case of the general formulas.
func TestScalarMultMatchesStdlib(t *testing.T) {
	for _, tc := range []struct {
		sc elliptic.Curve
		ec ecdh.Curve
	}{{elliptic.P256(), ecdh.P256()}, {elliptic.P384(), ecdh.P384()}} {
		c := stdParams(tc.sc)
		for i := 0; i < 5; i++ {
			priv, err := tc.ec.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			k := new(big.Int).SetBytes(priv.Bytes())
			x, y, ok := c.affine(c.scalarMult(c.Gx, c.Gy, k))
			if !ok || !bytes.Equal(c.encodePoint(x, y), priv.PublicKey().Bytes()) {
				t.Fatalf("%s: k·G differs from crypto/ecdh for k=%x", c.Name, k)
			}
		}
	}
}

// signECDSA signs with the generic arithmetic (test only: not constant time).
func signECDSA(c *Curve, d *big.Int, hash []byte) (r, s *big.Int) {
	for {
		k, _ := rand.Int(rand.Reader, c.N)
		if k.Sign() == 0 {
			continue
		}
		x, _, _ := c.affine(c.scalarMult(c.Gx, c.Gy, k))
		r = new(big.Int).Mod(x, c.N)
		s = new(big.Int).Mul(r, d)
		s.Add(s, hashToInt(hash, c.N)).Mul(s, new(big.Int).ModInverse(k, c.N)).Mod(s, c.N)
		if r.Sign() != 0 && s.Sign() != 0 {
			return r, s
		}
	}
}

func TestECDSABrainpool(t *testing.T) {
	for _, oid := range []asn1.ObjectIdentifier{oidBrainpoolP256r1, oidBrainpoolP384r1, oidBrainpoolP512r1} {
		c := CurveByOID(oid)
		d, _ := rand.Int(rand.Reader, c.N)
		qx, qy, _ := c.affine(c.scalarMult(c.Gx, c.Gy, d))
		pub := &PublicKey{Curve: c, X: qx, Y: qy}
		h := sha256.Sum256([]byte("EF.SOD"))
		r, s := signECDSA(c, d, h[:])
		if !verifyECDSA(pub, h[:], r, s) {
			t.Errorf("%s: valid signature refused", c.Name)
		}
		h[0] ^= 1
		if verifyECDSA(pub, h[:], r, s) {
			t.Errorf("%s: signature over other data accepted", c.Name)
		}
	}
}

// TestExplicitParameters parses a key with the brainpoolP256r1 parameters spelt out,
// as many document signer certificates carry them.
func TestExplicitParameters(t *testing.T) {
	c := CurveByOID(oidBrainpoolP256r1)
	explicit := func(mutate func(*ecParameters)) []byte {
		p := ecParameters{
			Version: 1,
			FieldID: fieldID{FieldType: oidPrimeField, Prime: asn1.RawValue{FullBytes: mustDER(t, c.P)}},
			Curve:   ecCurve{A: c.A.FillBytes(make([]byte, 32)), B: c.B.FillBytes(make([]byte, 32))},
			Base:    c.encodePoint(c.Gx, c.Gy), Order: c.N, Cofactor: big.NewInt(1),
		}
		if mutate != nil {
			mutate(&p)
		}
		return mustDER(t, spki{
			Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: mustDER(t, p)}},
			PublicKey: asn1.BitString{Bytes: c.encodePoint(c.Gx, c.Gy), BitLength: 8 * 65},
		})
	}
	tests := []struct {
		name     string
		der      []byte
		wantName string
		wantErr  error
	}{
		{"brainpoolP256r1 spelt out", explicit(nil), "brainpoolP256r1", nil},
		{"base point off the curve", explicit(func(p *ecParameters) { p.Base[10] ^= 1 }), "", ErrMalformed},
		{"composite prime", explicit(func(p *ecParameters) {
			p.FieldID.Prime = asn1.RawValue{FullBytes: mustDER(t, new(big.Int).Lsh(big.NewInt(1), 256))}
		}), "", ErrMalformed},
		{"binary field", explicit(func(p *ecParameters) { p.FieldID.FieldType = asn1.ObjectIdentifier{1, 2, 840, 10045, 1, 2} }), "", ErrUnsupported},
		{"huge prime", explicit(func(p *ecParameters) {
			p.FieldID.Prime = asn1.RawValue{FullBytes: mustDER(t, new(big.Int).Lsh(big.NewInt(1), 5000))}
		}), "", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParsePublicKey(tt.der)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if k.Curve.Name != tt.wantName {
				t.Errorf("curve %s, want %s", k.Curve.Name, tt.wantName)
			}
		})
	}
}

func mustDER(t *testing.T, v any) []byte {
	t.Helper()
	b, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
