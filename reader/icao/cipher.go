package icao

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/sha1" //nolint:gosec // ICAO 9303-11 §9.7.1 prescribes SHA-1 for 3DES and AES-128 keys.
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/bits"
)

// Cipher is the block cipher of a BAC or PACE session and of its secure messaging.
// The zero value is not a cipher.
type Cipher int

// The ciphers of ICAO 9303-11 §9.7 and §9.8.
const (
	TripleDES Cipher = iota + 1 // two-key 3DES in CBC mode, retail MAC
	AES128                      // AES-128 in CBC mode, CMAC
	AES192                      // AES-192 in CBC mode, CMAC
	AES256                      // AES-256 in CBC mode, CMAC
)

// Key-derivation counters of ICAO 9303-11 §9.7.1.
const (
	KEnc = 1 // encryption key
	KMac = 2 // MAC key
	KPi  = 3 // PACE password key Kπ
)

func (c Cipher) String() string {
	switch c {
	case TripleDES:
		return "3DES"
	case AES128:
		return "AES-128"
	case AES192:
		return "AES-192"
	case AES256:
		return "AES-256"
	}
	return fmt.Sprintf("Cipher(%d)", int(c))
}

// KeySize is the length of the keys of c in bytes (16 for two-key 3DES), 0 if c is
// not a cipher.
func (c Cipher) KeySize() int {
	switch c {
	case TripleDES, AES128:
		return 16
	case AES192:
		return 24
	case AES256:
		return 32
	}
	return 0
}

// BlockSize is the block length of c in bytes, which is also the length of its
// send sequence counter (ICAO 9303-11 §9.8.2), 0 if c is not a cipher.
func (c Cipher) BlockSize() int {
	switch c {
	case TripleDES:
		return des.BlockSize
	case AES128, AES192, AES256:
		return aes.BlockSize
	}
	return 0
}

func (c Cipher) valid() bool { return c.KeySize() != 0 }

// DeriveKey is the key derivation function of ICAO 9303-11 §9.7.1:
// keydata = H(secret || counter) with the counter as 32-bit big endian, where H is
// SHA-1 for 3DES and AES-128 and SHA-256 for AES-192 and AES-256. 3DES keys are the
// first 16 bytes with DES parity adjusted (§9.7.1.1); AES keys are the first 16, 24
// or 32 bytes (§9.7.1.2).
// It returns nil if c is not a cipher.
func DeriveKey(secret []byte, c Cipher, counter uint32) []byte {
	in := binary.BigEndian.AppendUint32(append(make([]byte, 0, len(secret)+4), secret...), counter)
	switch c {
	case TripleDES:
		sum := sha1.Sum(in) //nolint:gosec // see import
		return adjustParity(sum[:16])
	case AES128:
		sum := sha1.Sum(in) //nolint:gosec // see import
		return sum[:16]
	case AES192:
		sum := sha256.Sum256(in)
		return sum[:24]
	case AES256:
		sum := sha256.Sum256(in)
		return sum[:32]
	}
	return nil
}

// adjustParity sets the low bit of every byte so that each byte has an odd number
// of ones (FIPS 46-3: DES key parity). It changes k in place and returns it.
func adjustParity(k []byte) []byte {
	for i, b := range k {
		b &^= 1
		if bits.OnesCount8(b)%2 == 0 {
			b |= 1
		}
		k[i] = b
	}
	return k
}

// newBlock makes the block cipher of c with key; a 16-byte 3DES key K1||K2 is used
// as the three-key schedule K1, K2, K1.
func newBlock(c Cipher, key []byte) (cipher.Block, error) {
	if !c.valid() {
		return nil, fmt.Errorf("block cipher %v: %w", c, ErrUnsupported)
	}
	if len(key) != c.KeySize() {
		return nil, fmt.Errorf("%v key of %d bytes, want %d", c, len(key), c.KeySize())
	}
	if c == TripleDES {
		k := make([]byte, 0, 24)
		k = append(append(k, key...), key[:8]...)
		return des.NewTripleDESCipher(k)
	}
	return aes.NewCipher(key)
}

// cbcEncrypt encrypts whole blocks of src with iv; src must be block aligned.
func cbcEncrypt(b cipher.Block, iv, src []byte) []byte {
	dst := make([]byte, len(src))
	cipher.NewCBCEncrypter(b, iv).CryptBlocks(dst, src)
	return dst
}

// cbcDecrypt decrypts src with iv; it reports an error unless src is a non-empty
// whole number of blocks, because src comes from outside.
func cbcDecrypt(b cipher.Block, iv, src []byte) ([]byte, error) {
	if len(src) == 0 || len(src)%b.BlockSize() != 0 {
		return nil, fmt.Errorf("cryptogram of %d bytes is not a whole number of %d-byte blocks: %w",
			len(src), b.BlockSize(), ErrSMObjects)
	}
	dst := make([]byte, len(src))
	cipher.NewCBCDecrypter(b, iv).CryptBlocks(dst, src)
	return dst, nil
}

// pad applies ISO/IEC 9797-1 padding method 2 (ISO/IEC 7816-4: 80 then 00s) to a
// multiple of size, always adding at least one byte (ICAO 9303-11 §9.8.6.1, §9.8.1:
// padding is always done by the secure-messaging layer).
func pad(b []byte, size int) []byte {
	n := size - len(b)%size
	out := make([]byte, len(b), len(b)+n)
	copy(out, b)
	out = append(out, 0x80)
	return append(out, make([]byte, n-1)...)
}

// unpad removes padding method 2; a missing 80 marker is an error.
func unpad(b []byte) ([]byte, error) {
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case 0x80:
			return b[:i], nil
		case 0x00:
			continue
		}
		break
	}
	return nil, fmt.Errorf("padding of decrypted data incorrect: %w", ErrSMObjects)
}
