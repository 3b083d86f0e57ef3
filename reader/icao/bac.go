package icao

import (
	"bytes"
	"context"
	"crypto/cipher"
	"fmt"
	"io"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// BAC runs Basic Access Control (ICAO 9303-11 §4.3, worked example in Appendix D)
// as the terminal: GET CHALLENGE, then EXTERNAL AUTHENTICATE with E.IFD || M.IFD,
// then it verifies the chip's answer and derives the session keys and SSC. seed is
// the 16-byte key seed from BACKeySeed; rand supplies RND.IFD (8 bytes, read first)
// and K.IFD (16 bytes). A wrong seed gives an error matching ErrAccessDenied.
func BAC(ctx context.Context, t iso7816.Transmitter, seed []byte, rand io.Reader) (*SecureMessaging, error) {
	kEnc, kMac, err := bacKeys(seed)
	if err != nil {
		return nil, err
	}
	// §4.3.1 step 1: the terminal requests an 8-byte challenge RND.IC.
	resp, err := transmit(ctx, t, iso7816.Command{Ins: 0x84, Ne: 8}, "BAC get challenge")
	if err != nil {
		return nil, err
	}
	if len(resp.Data) != 8 {
		return nil, fmt.Errorf("BAC get challenge: RND.IC of %d bytes: %w", len(resp.Data), ErrProtocol)
	}
	rndIC := resp.Data
	// Step 2: RND.IFD and K.IFD, S = RND.IFD || RND.IC || K.IFD.
	rndIFD := make([]byte, 8)
	kIFD := make([]byte, 16)
	if _, err := io.ReadFull(rand, rndIFD); err != nil {
		return nil, fmt.Errorf("BAC: random RND.IFD: %w", err)
	}
	if _, err := io.ReadFull(rand, kIFD); err != nil {
		return nil, fmt.Errorf("BAC: random K.IFD: %w", err)
	}
	s := concat(rndIFD, rndIC, kIFD)
	data, err := bacCryptogram(kEnc, kMac, s)
	if err != nil {
		return nil, fmt.Errorf("BAC external authenticate: %w", err)
	}
	resp, err = transmit(ctx, t, iso7816.Command{Ins: 0x82, Data: data, Ne: 40}, "BAC external authenticate")
	if err != nil {
		return nil, err
	}
	// Step 3: verify M.IC, decrypt R = RND.IC || RND.IFD || K.IC, check both nonces.
	r, err := openBACCryptogram(kEnc, kMac, resp.Data)
	if err != nil {
		return nil, fmt.Errorf("BAC external authenticate: chip's answer: %w", err)
	}
	if !bytes.Equal(r[:8], rndIC) || !bytes.Equal(r[8:16], rndIFD) {
		return nil, fmt.Errorf("BAC external authenticate: chip's answer holds other nonces: %w", ErrAccessDenied)
	}
	return bacSession(kIFD, r[16:], rndIC, rndIFD)
}

// bacKeys derives Kenc and Kmac from the key seed (§9.7.2).
func bacKeys(seed []byte) (kEnc, kMac []byte, err error) {
	if len(seed) != 16 {
		return nil, nil, fmt.Errorf("BAC key seed of %d bytes, want 16: %w", len(seed), ErrPassword)
	}
	return DeriveKey(seed, TripleDES, KEnc), DeriveKey(seed, TripleDES, KMac), nil
}

// bacCryptogram is E = 3DES-CBC(kEnc, IV 0, s) followed by its retail MAC
// M = MAC(kMac, pad(E)) (§4.3.1 steps 2 and 3, §4.3.3; Appendix D.3).
func bacCryptogram(kEnc, kMac, s []byte) ([]byte, error) {
	b, err := newBlock(TripleDES, kEnc)
	if err != nil {
		return nil, err
	}
	e := cbcEncrypt(b, make([]byte, 8), s)
	m, err := retailMAC(kMac, pad(e, 8))
	if err != nil {
		return nil, err
	}
	return append(e, m...), nil
}

// openBACCryptogram checks the MAC of a 40-byte E || M and returns the 32 plain
// bytes. A MAC that does not verify means the other side has another key.
func openBACCryptogram(kEnc, kMac, data []byte) ([]byte, error) {
	if len(data) != 40 {
		return nil, fmt.Errorf("cryptogram of %d bytes, want 40: %w", len(data), ErrProtocol)
	}
	mac, err := newMacer(TripleDES, kMac)
	if err != nil {
		return nil, err
	}
	if err := mac.verify(pad(data[:32], 8), data[32:]); err != nil {
		return nil, fmt.Errorf("MAC of the cryptogram does not verify: %w", ErrAccessDenied)
	}
	b, err := newBlock(TripleDES, kEnc)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, 32)
	cipher.NewCBCDecrypter(b, make([]byte, 8)).CryptBlocks(plain, data[:32])
	return plain, nil
}

// bacSession derives the session keys from K.IFD xor K.IC and the SSC from the
// last four bytes of RND.IC and of RND.IFD (§4.3.1 step 5, §9.7.4, §9.8.6.3;
// Appendix D.3).
func bacSession(kIFD, kIC, rndIC, rndIFD []byte) (*SecureMessaging, error) {
	seed := make([]byte, 16)
	for i := range seed {
		seed[i] = kIFD[i] ^ kIC[i]
	}
	ssc := concat(rndIC[4:8], rndIFD[4:8])
	sm, err := NewSecureMessaging(TripleDES, DeriveKey(seed, TripleDES, KEnc), DeriveKey(seed, TripleDES, KMac), ssc)
	if err != nil {
		return nil, fmt.Errorf("BAC session: %w", err)
	}
	return sm, nil
}

// transmit sends a plain command and returns its response; a status word other
// than 9000 becomes a *StatusError naming step.
func transmit(ctx context.Context, t iso7816.Transmitter, cmd iso7816.Command, step string) (iso7816.Response, error) {
	raw, err := cmd.Bytes()
	if err != nil {
		return iso7816.Response{}, fmt.Errorf("%s: %w", step, err)
	}
	answer, err := t.Transmit(ctx, raw)
	if err != nil {
		return iso7816.Response{}, fmt.Errorf("%s: %w", step, err)
	}
	resp, err := iso7816.ParseResponse(answer)
	if err != nil {
		return iso7816.Response{}, fmt.Errorf("%s: %v: %w", step, err, ErrProtocol)
	}
	if resp.SW != iso7816.SWOK {
		return iso7816.Response{}, &StatusError{Step: step, SW: resp.SW}
	}
	return resp, nil
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
