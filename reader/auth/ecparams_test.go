package auth

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"testing"
)

// TestExplicitParameters parses a key with the brainpoolP256r1 parameters spelt out,
// as many document signer certificates carry them.
func TestExplicitParameters(t *testing.T) {
	c := CurveByOID(asn1.ObjectIdentifier{1, 3, 36, 3, 3, 2, 8, 1, 1, 7}) // brainpoolP256r1
	explicit := func(mutate func(*ecParameters)) []byte {
		p := ecParameters{
			Version: 1,
			FieldID: fieldID{FieldType: oidPrimeField, Prime: asn1.RawValue{FullBytes: mustDER(t, c.P)}},
			Curve:   ecCurve{A: c.A.FillBytes(make([]byte, 32)), B: c.B.FillBytes(make([]byte, 32))},
			Base:    c.Encode(c.Generator()), Order: c.N, Cofactor: big.NewInt(1),
		}
		if mutate != nil {
			mutate(&p)
		}
		return mustDER(t, spki{
			Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: mustDER(t, p)}},
			PublicKey: asn1.BitString{Bytes: c.Encode(c.Generator()), BitLength: 8 * 65},
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
