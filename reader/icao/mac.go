package icao

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/subtle"
	"fmt"
)

// macLen is the length of every checksum ICAO 9303 uses: DO'8E', M.IFD, M.IC and the
// PACE authentication tokens (ICAO 9303-11 §9.8.7.2: AES CMAC truncated to 8 bytes).
const macLen = 8

// cmac is AES-CMAC (NIST SP 800-38B) of msg, full 16 bytes.
func cmac(b cipher.Block, msg []byte) []byte {
	const bs = aes.BlockSize
	// SP 800-38B §6.1: L = E(K, 0^128); K1 = L<<1 (xor Rb), K2 = K1<<1 (xor Rb).
	l := make([]byte, bs)
	b.Encrypt(l, l)
	k1 := dbl(l)
	k2 := dbl(k1)

	n := (len(msg) + bs - 1) / bs
	last := make([]byte, bs)
	if n > 0 && len(msg)%bs == 0 {
		copy(last, msg[(n-1)*bs:])
		xorInto(last, k1)
	} else {
		if n == 0 {
			n = 1
		}
		rest := msg[(n-1)*bs:]
		copy(last, rest)
		last[len(rest)] = 0x80
		xorInto(last, k2)
	}
	x := make([]byte, bs)
	for i := 0; i < n-1; i++ {
		xorInto(x, msg[i*bs:(i+1)*bs])
		b.Encrypt(x, x)
	}
	xorInto(x, last)
	b.Encrypt(x, x)
	return x
}

// dbl is the doubling in GF(2^128) of SP 800-38B §6.1 (shift left, xor 0x87 on carry).
func dbl(in []byte) []byte {
	out := make([]byte, len(in))
	var carry byte
	for i := len(in) - 1; i >= 0; i-- {
		out[i] = in[i]<<1 | carry
		carry = in[i] >> 7
	}
	if carry != 0 {
		out[len(out)-1] ^= 0x87
	}
	return out
}

func xorInto(dst, src []byte) {
	for i := range dst {
		dst[i] ^= src[i]
	}
}

// retailMAC is ISO/IEC 9797-1 MAC algorithm 3 with DES (the "retail MAC" of
// ICAO 9303-11 §9.8.6.2, §4.3.3.2) under the 16-byte key K1||K2; msg must already
// be padded.
func retailMAC(key, msg []byte) ([]byte, error) {
	k1, k2, err := retailKeys(key)
	if err != nil {
		return nil, err
	}
	return retailMACBlocks(k1, k2, msg)
}

func retailKeys(key []byte) (k1, k2 cipher.Block, err error) {
	if len(key) != 16 {
		return nil, nil, fmt.Errorf("retail MAC key of %d bytes, want 16", len(key))
	}
	if k1, err = des.NewCipher(key[:8]); err != nil {
		return nil, nil, err
	}
	if k2, err = des.NewCipher(key[8:]); err != nil {
		return nil, nil, err
	}
	return k1, k2, nil
}

// retailMACBlocks is CBC with K1 over every block, then the last result decrypted
// with K2 and encrypted with K1 (ISO/IEC 9797-1 §7.3, output transformation 3).
func retailMACBlocks(k1, k2 cipher.Block, msg []byte) ([]byte, error) {
	if len(msg) == 0 || len(msg)%des.BlockSize != 0 {
		return nil, fmt.Errorf("retail MAC over %d bytes, not whole blocks", len(msg))
	}
	x := make([]byte, des.BlockSize)
	for i := 0; i < len(msg); i += des.BlockSize {
		xorInto(x, msg[i:i+des.BlockSize])
		k1.Encrypt(x, x)
	}
	k2.Decrypt(x, x)
	k1.Encrypt(x, x)
	return x, nil
}

// macer computes the 8-byte checksums of one cipher and key.
type macer struct {
	c      Cipher
	k1, k2 cipher.Block // 3DES: the two DES keys of the retail MAC
	block  cipher.Block // AES: the CMAC cipher
}

func newMacer(c Cipher, key []byte) (*macer, error) {
	if !c.valid() {
		return nil, fmt.Errorf("MAC with %v: %w", c, ErrUnsupported)
	}
	if len(key) != c.KeySize() {
		return nil, fmt.Errorf("%v MAC key of %d bytes, want %d", c, len(key), c.KeySize())
	}
	m := &macer{c: c}
	var err error
	if c == TripleDES {
		m.k1, m.k2, err = retailKeys(key)
	} else {
		m.block, err = aes.NewCipher(key)
	}
	if err != nil {
		return nil, fmt.Errorf("MAC key: %w", err)
	}
	return m, nil
}

// sum is the 8-byte checksum of msg, which the caller has padded where the
// protocol says so (secure messaging pads for both ciphers, §9.8.1; PACE tokens pad
// only for the retail MAC, §4.4.3.4). For 3DES msg must be block aligned.
func (m *macer) sum(msg []byte) ([]byte, error) {
	if m.c == TripleDES {
		return retailMACBlocks(m.k1, m.k2, msg)
	}
	return cmac(m.block, msg)[:macLen], nil
}

// verify compares the checksum of msg with got in constant time.
func (m *macer) verify(msg, got []byte) error {
	want, err := m.sum(msg)
	if err != nil {
		return err
	}
	if len(got) != macLen || subtle.ConstantTimeCompare(want, got) != 1 {
		return ErrMAC
	}
	return nil
}
