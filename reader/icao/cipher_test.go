package icao

import (
	"bytes"
	"crypto/aes"
	"crypto/sha256"
	"math/bits"
	"testing"
)

// TestCMAC uses the examples of NIST SP 800-38B Appendix D (D.1 AES-128, D.2
// AES-192, D.3 AES-256) for messages of 0, 16 and 64 bytes, and 40 bytes for AES-128.
func TestCMAC(t *testing.T) {
	msg := "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51" +
		"30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710"
	keys := map[string]string{
		"AES-128": "2b7e151628aed2a6abf7158809cf4f3c",
		"AES-192": "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
		"AES-256": "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
	}
	tests := []struct {
		name, key string
		n         int
		want      string
	}{
		{"D.1 example 1", "AES-128", 0, "bb1d6929e95937287fa37d129b756746"},
		{"D.1 example 2", "AES-128", 16, "070a16b46b4d4144f79bdd9dd04a287c"},
		{"D.1 example 3", "AES-128", 40, "dfa66747de9ae63030ca32611497c827"},
		{"D.1 example 4", "AES-128", 64, "51f0bebf7e3b9d92fc49741779363cfe"},
		{"D.2 example 5", "AES-192", 0, "d17ddf46adaacde531cac483de7a9367"},
		{"D.2 example 6", "AES-192", 16, "9e99a7bf31e710900662f65e617c5184"},
		{"D.2 example 8", "AES-192", 64, "a1d5df0eed790f794d77589659f39a11"},
		{"D.3 example 9", "AES-256", 0, "028962f61b7bf89efc6b551f4667d983"},
		{"D.3 example 10", "AES-256", 16, "28a7023f452e8f82bd4bf28d8c37c35c"},
		{"D.3 example 12", "AES-256", 64, "e1992190549f6ed5696a2c056c315410"},
	}
	for _, tt := range tests {
		b, err := aes.NewCipher(h(t, keys[tt.key]))
		if err != nil {
			t.Fatal(err)
		}
		if got := cmac(b, h(t, msg)[:tt.n]); !bytes.Equal(got, h(t, tt.want)) {
			t.Errorf("%s: CMAC = %x, want %s", tt.name, got, tt.want)
		}
	}
}

func TestRetailMAC(t *testing.T) {
	tests := []struct {
		name, key, msg, want string
	}{
		// ICAO 9303-11 Appendix D.3: M.IFD = MAC(Kmac, pad(E.IFD)).
		{"Appendix D.3 M.IFD", "7962D9ECE03D1ACD4C76089DCE131543",
			"72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2 8000000000000000", "5F1448EEA8AD90A7"},
		// ICAO 9303-11 Appendix D.4.1: the checksum of the protected SELECT.
		{"Appendix D.4.1 CC", "F1CB1F1FB5ADF208806B89DC579DC1F8",
			"887022120C06C227 0CA4020C80000000 8709016375432908 C044F68000000000", "BF8B92D635FF24F8"},
	}
	for _, tt := range tests {
		got, err := retailMAC(h(t, tt.key), h(t, tt.msg))
		if err != nil || !bytes.Equal(got, h(t, tt.want)) {
			t.Errorf("%s: %X, %v; want %s", tt.name, got, err, tt.want)
		}
	}
	if _, err := retailMAC(make([]byte, 16), make([]byte, 7)); err == nil {
		t.Error("retail MAC of 7 bytes accepted")
	}
}

func TestDeriveKey(t *testing.T) {
	secret := []byte("shared secret")
	for _, c := range []Cipher{TripleDES, AES128, AES192, AES256} {
		k := DeriveKey(secret, c, KEnc)
		if len(k) != c.KeySize() {
			t.Errorf("%v: key of %d bytes", c, len(k))
		}
		if bytes.Equal(k, DeriveKey(secret, c, KMac)) {
			t.Errorf("%v: enc and MAC keys equal", c)
		}
	}
	// §9.7.1: AES-256 keys are all of SHA-256(secret || 00000001).
	want := sha256.Sum256(append(append([]byte(nil), secret...), 0, 0, 0, 1))
	if got := DeriveKey(secret, AES256, KEnc); !bytes.Equal(got, want[:]) {
		t.Errorf("AES-256 key %X, want %X", got, want)
	}
	for _, b := range DeriveKey(secret, TripleDES, KPi) {
		if bits.OnesCount8(b)%2 != 1 {
			t.Fatalf("3DES key byte %02X has even parity", b)
		}
	}
	if DeriveKey(secret, Cipher(0), KEnc) != nil {
		t.Error("key for cipher 0")
	}
}

func TestPadding(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "8000000000000000"},
		{"011E", "011E800000000000"},
		{"0102030405060708", "0102030405060708 8000000000000000"},
	}
	for _, tt := range tests {
		got := pad(h(t, tt.in), 8)
		if !bytes.Equal(got, h(t, tt.want)) {
			t.Errorf("pad(%s) = %X", tt.in, got)
		}
		back, err := unpad(got)
		if err != nil || !bytes.Equal(back, h(t, tt.in)) {
			t.Errorf("unpad(%X) = %X, %v", got, back, err)
		}
	}
	for _, bad := range []string{"", "0000", "0102030400000001", "8001"} {
		if _, err := unpad(h(t, bad)); err == nil {
			t.Errorf("unpad(%s) accepted", bad)
		}
	}
}
