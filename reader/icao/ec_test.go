package icao

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
	for _, id := range ECParameterIDs {
		c, err := curveByID(id)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.name, func(t *testing.T) {
			g := c.generator()
			if !c.onCurve(g) {
				t.Fatal("G is not on the curve")
			}
			if !c.p.ProbablyPrime(20) || !c.n.ProbablyPrime(20) {
				t.Fatal("p or n is not prime")
			}
			if got := c.scalarMult(g, c.n); !got.inf {
				t.Fatal("n·G is not the point at infinity")
			}
			minus := c.scalarMult(g, new(big.Int).Sub(c.n, big.NewInt(1)))
			if minus.x.Cmp(g.x) != 0 || new(big.Int).Add(minus.y, g.y).Cmp(c.p) != 0 {
				t.Fatal("(n-1)·G is not -G")
			}
		})
	}
}

// TestScalarMultMatchesStdlib compares the arithmetic with crypto/ecdh on the NIST
// curves Go implements.
func TestScalarMultMatchesStdlib(t *testing.T) {
	for id, std := range map[int]ecdh.Curve{ParamNISTP256: ecdh.P256(), ParamNISTP384: ecdh.P384(), ParamNISTP521: ecdh.P521()} {
		c, _ := curveByID(id)
		for range 3 {
			priv, err := std.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			k := new(big.Int).SetBytes(priv.Bytes())
			got := c.encode(c.scalarMult(c.generator(), k))
			if !bytes.Equal(got, priv.PublicKey().Bytes()) {
				t.Fatalf("%s: k·G differs from crypto/ecdh", c.name)
			}
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	c, _ := curveByID(ParamBrainpoolP256r1)
	good := c.encode(c.generator())
	offCurve := bytes.Clone(good)
	offCurve[len(offCurve)-1] ^= 1
	bigX := bytes.Clone(good)
	copy(bigX[1:33], bytes.Repeat([]byte{0xFF}, 32))
	compressed := append([]byte{0x02}, good[1:33]...)
	for name, in := range map[string][]byte{
		"empty": nil, "off curve": offCurve, "x not below p": bigX,
		"compressed": compressed, "truncated": good[:64], "infinity": {0x00},
	} {
		if _, err := c.decode(in); err == nil {
			t.Errorf("%s: decode accepted it", name)
		}
	}
	if _, err := c.decode(good); err != nil {
		t.Errorf("G: %v", err)
	}
}
