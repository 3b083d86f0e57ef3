package auth

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"testing"
)

// pssAlg is an RSASSA-PSS AlgorithmIdentifier (RFC 4055 §3.1) with the given hashes.
func pssAlg(t *testing.T, hash, mgfHash asn1.ObjectIdentifier, salt int) pkix.AlgorithmIdentifier {
	t.Helper()
	mgfParams, err := asn1.Marshal(pkix.AlgorithmIdentifier{Algorithm: mgfHash})
	if err != nil {
		t.Fatal(err)
	}
	params, err := asn1.Marshal(pssParams{
		Hash:       pkix.AlgorithmIdentifier{Algorithm: hash},
		MGF:        pkix.AlgorithmIdentifier{Algorithm: oidMGF1, Parameters: asn1.RawValue{FullBytes: mgfParams}},
		SaltLength: salt, Trailer: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkix.AlgorithmIdentifier{Algorithm: oidRSAPSS, Parameters: asn1.RawValue{FullBytes: params}}
}

func TestVerifySignatureRSA(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub := &PublicKey{RSA: &key.PublicKey}
	msg := []byte("signed attributes")
	sum := sha256.Sum256(msg)
	pss, err := rsa.SignPSS(rand.Reader, key, crypto.SHA256, sum[:], &rsa.PSSOptions{SaltLength: 32})
	if err != nil {
		t.Fatal(err)
	}
	pkcs1, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	bad := append([]byte{}, pss...)
	bad[10] ^= 1
	tests := []struct {
		name    string
		alg     pkix.AlgorithmIdentifier
		digest  crypto.Hash
		sig     []byte
		wantErr error
	}{
		{"RSASSA-PSS SHA-256", pssAlg(t, oidSHA256, oidSHA256, 32), 0, pss, nil},
		{"RSASSA-PSS, changed signature", pssAlg(t, oidSHA256, oidSHA256, 32), 0, bad, ErrSignature},
		{"RSASSA-PSS, MGF1 with another hash", pssAlg(t, oidSHA256, oidSHA1, 32), 0, pss, ErrUnsupported},
		{"sha256WithRSAEncryption", pkix.AlgorithmIdentifier{Algorithm: oidSHA256WithRSA}, 0, pkcs1, nil},
		{"rsaEncryption with the signer's digest", pkix.AlgorithmIdentifier{Algorithm: oidRSAEncryption}, crypto.SHA256, pkcs1, nil},
		{"PKCS#1 signature under a PSS identifier", pssAlg(t, oidSHA256, oidSHA256, 32), 0, pkcs1, ErrSignature},
		{"ECDSA identifier with an RSA key", pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA256}, 0, pkcs1, ErrUnsupported},
		{"unknown algorithm", pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 3}}, 0, pkcs1, ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifySignature(tt.alg, tt.digest, pub, msg, tt.sig)
			if (tt.wantErr == nil) != (err == nil) || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestNameString(t *testing.T) {
	tests := []struct {
		name string
		der  []byte
		want string
	}{
		{"PrintableString", []byte{0x30, 0x0E, 0x31, 0x0C, 0x30, 0x0A, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x03, 'a', 'b', 'c'}, "CN=abc"},
		// '@' is not a PrintableString character; real certificates have it anyway.
		{"'@' in a PrintableString", []byte{0x30, 0x0E, 0x31, 0x0C, 0x30, 0x0A, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x03, 'a', '@', 'b'},
			"#300e310c300a06035504031303614062"},
	}
	for _, tt := range tests {
		if got := nameString(tt.der); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
