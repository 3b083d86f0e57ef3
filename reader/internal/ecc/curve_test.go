package ecc

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"math/big"
	"testing"
)

// TestCurveConstants checks every curve's constants: G lies on the curve, n·G is
// the point at infinity and (n-1)·G = -G. A mistyped constant fails one of these.
func TestCurveConstants(t *testing.T) {
	for _, nc := range namedCurves {
		c := nc.curve
		t.Run(c.Name, func(t *testing.T) {
			g := c.Generator()
			if !c.OnCurve(g) {
				t.Fatal("G is not on the curve")
			}
			if !c.P.ProbablyPrime(20) || !c.N.ProbablyPrime(20) {
				t.Fatal("p or n is not prime")
			}
			if got := c.ScalarMult(g, c.N); !got.IsInfinity() {
				t.Fatal("n·G is not the point at infinity")
			}
			minus := c.ScalarMult(g, new(big.Int).Sub(c.N, big.NewInt(1)))
			if minus.X.Cmp(g.X) != 0 || new(big.Int).Add(minus.Y, g.Y).Cmp(c.P) != 0 {
				t.Fatal("(n-1)·G is not -G")
			}
			if ByParamID(nc.paramID) != c || ByOID(nc.oid) != c || !c.OID().Equal(nc.oid) {
				t.Fatal("not found by its parameter id and OID")
			}
		})
	}
}

// TestScalarMultMatchesStdlib compares the arithmetic with crypto/ecdh on the NIST
// curves Go implements, whose a = -3 is a case of the general formulas.
func TestScalarMultMatchesStdlib(t *testing.T) {
	for id, std := range map[int]ecdh.Curve{12: ecdh.P256(), 15: ecdh.P384(), 18: ecdh.P521()} {
		c := ByParamID(id)
		for range 3 {
			priv, err := std.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			k := new(big.Int).SetBytes(priv.Bytes())
			got := c.Encode(c.ScalarBaseMult(k))
			if !bytes.Equal(got, priv.PublicKey().Bytes()) {
				t.Fatalf("%s: k·G differs from crypto/ecdh", c.Name)
			}
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	c := ByParamID(13) // brainpoolP256r1
	good := c.Encode(c.Generator())
	offCurve := bytes.Clone(good)
	offCurve[len(offCurve)-1] ^= 1
	bigX := bytes.Clone(good)
	copy(bigX[1:33], bytes.Repeat([]byte{0xFF}, 32))
	compressed := append([]byte{0x02}, good[1:33]...)
	for name, in := range map[string][]byte{
		"empty": nil, "off curve": offCurve, "x not below p": bigX,
		"compressed": compressed, "truncated": good[:64], "infinity": {0x00},
	} {
		if _, err := c.Decode(in); err == nil {
			t.Errorf("%s: decode accepted it", name)
		}
	}
	if _, err := c.Decode(good); err != nil {
		t.Errorf("G: %v", err)
	}
	if _, err := c.Decode(c.Encode(Point{})); err == nil {
		t.Error("Decode accepted the encoding of infinity")
	}
}
