package auth

import (
	"bytes"
	"context"
	"crypto"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// insInternalAuthenticate is INTERNAL AUTHENTICATE (ISO/IEC 7816-4 §11.5.2).
const insInternalAuthenticate = 0x88

// challengeLen is the length of the active authentication challenge (ICAO 9303-11 §6.1).
const challengeLen = 8

// ParseDG15 parses DG15 (tag 6F holding a SubjectPublicKeyInfo, ICAO 9303-10
// §4.7.15): the chip's active authentication public key.
func ParseDG15(b []byte) (*PublicKey, error) {
	if len(b) > maxDG14Size {
		return nil, malformed("DG15 of %d bytes", len(b))
	}
	v, err := unwrapFile(b, tagDG15, "DG15")
	if err != nil {
		return nil, err
	}
	k, err := ParsePublicKey(v)
	if err != nil {
		return nil, fmt.Errorf("DG15: %w", err)
	}
	return k, nil
}

// ActiveAuthenticate runs active authentication (ICAO 9303-11 §6.1) through t, the
// secure channel: it sends INTERNAL AUTHENTICATE with a fresh 8-byte challenge from
// rand and verifies the answer with the DG15 key. dg14 (may be nil) names the hash
// of an ECDSA key. No DG15 gives NotSupported.
func ActiveAuthenticate(ctx context.Context, t iso7816.Transmitter, dg15, dg14 []byte, rand io.Reader) CheckResult {
	if len(dg15) == 0 {
		return notSupported("", "the chip has no DG15", nil)
	}
	key, err := ParseDG15(dg15)
	if err != nil {
		return failed("", err)
	}
	if key.RSA == nil && key.Curve == nil {
		return notSupported(key.String(), "DG15 holds a "+key.String()+" key", unsupported("active authentication with a %v key", key))
	}
	alg, h, err := aaAlgorithm(key, dg14)
	if err != nil {
		if errors.Is(err, ErrUnsupported) {
			return notSupported(alg, err.Error(), err)
		}
		return failed(alg, err)
	}
	challenge := make([]byte, challengeLen)
	if _, err := io.ReadFull(rand, challenge); err != nil {
		return failed(alg, fmt.Errorf("active authentication challenge: %w", err))
	}
	// The answer is as long as the modulus or two field elements: ask for it whole,
	// in extended form when a short answer under secure messaging could not hold it.
	cmd := iso7816.Command{Ins: insInternalAuthenticate, Data: challenge, Ne: 256}
	if key.RSA != nil && key.RSA.Size() > 223 || key.Curve != nil && 2*key.Curve.ByteSize() > 223 {
		cmd.Ne = 65536
	}
	resp, err := iso7816.Exchange(ctx, t, cmd)
	if err != nil {
		var se *iso7816.StatusError
		if errors.As(err, &se) {
			return failed(alg, &CardError{Step: "INTERNAL AUTHENTICATE", SW: se.SW})
		}
		return failed(alg, fmt.Errorf("INTERNAL AUTHENTICATE: %w", err))
	}
	if err := VerifyActiveAuth(key, h, challenge, resp.Data); err != nil {
		return failed(alg, err)
	}
	return CheckResult{Status: Passed, Algorithm: alg}
}

// aaAlgorithm names the scheme and picks the hash: SHA-1 is implicit for RSA
// (the ISO/IEC 9796-2 trailer may name another); ECDSA takes DG14's
// ActiveAuthenticationInfo or, without one, the hash matching the curve size.
func aaAlgorithm(key *PublicKey, dg14 []byte) (string, crypto.Hash, error) {
	if key.RSA != nil {
		return fmt.Sprintf("RSA-%d ISO/IEC 9796-2", key.RSA.N.BitLen()), 0, nil
	}
	var h crypto.Hash
	if len(dg14) > 0 {
		opts, err := ParseDG14(dg14)
		if err != nil {
			return key.String(), 0, err
		}
		h = opts.ActiveAuthHash
	}
	if h == 0 {
		switch n := key.Curve.N.BitLen(); {
		case n <= 224:
			h = crypto.SHA224
		case n <= 256:
			h = crypto.SHA256
		case n <= 384:
			h = crypto.SHA384
		default:
			h = crypto.SHA512
		}
	}
	return fmt.Sprintf("%s plain %v", key, h), h, nil
}

// VerifyActiveAuth checks an active authentication signature over challenge: ECDSA
// in the plain format r ‖ s (BSI TR-03111 §5.2.1; DER is accepted too) over hash h,
// or RSA with ISO/IEC 9796-2 digital signature scheme 1 (ICAO 9303-11 §6.1.2.1).
func VerifyActiveAuth(key *PublicKey, h crypto.Hash, challenge, sig []byte) error {
	if key.Curve != nil {
		n := (key.Curve.N.BitLen() + 7) / 8
		var r, s *big.Int
		if len(sig) == 2*n {
			r, s = new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])
		} else {
			// Some chips answer in the X9.62 DER format instead of the plain one.
			var rs struct{ R, S *big.Int }
			if err := unmarshalAll(sig, &rs, "ECDSA-Sig-Value"); err != nil {
				return fmt.Errorf("%w: ECDSA signature of %d bytes, want %d", ErrChallenge, len(sig), 2*n)
			}
			r, s = rs.R, rs.S
		}
		d := h.New()
		d.Write(challenge)
		if !verifyECDSA(key, d.Sum(nil), r, s) {
			return fmt.Errorf("%w: ECDSA on %s", ErrChallenge, key.Curve.Name)
		}
		return nil
	}
	if key.RSA == nil {
		return unsupported("active authentication with a %v key", key)
	}
	return verifyISO9796(key, challenge, sig)
}

// iso9796Hashes maps the hash identifiers of ISO/IEC 10118 that a two-byte trailer
// xx CC names (ISO/IEC 9796-2 §B.4) to hashes.
var iso9796Hashes = map[byte]crypto.Hash{
	0x33: crypto.SHA1, 0x34: crypto.SHA256, 0x35: crypto.SHA512, 0x36: crypto.SHA384, 0x38: crypto.SHA224,
}

// verifyISO9796 opens an ISO/IEC 9796-2 scheme 1 signature with message recovery and
// checks that the hash of the recovered part M1 and the challenge M2 is the one
// signed. The representative is 6A ‖ M1 ‖ H(M1 ‖ M2) ‖ BC (or ‖ id CC).
func verifyISO9796(key *PublicKey, challenge, sig []byte) error {
	n := key.RSA.N
	k := key.RSA.Size()
	s := new(big.Int).SetBytes(sig)
	if len(sig) > k || s.Cmp(n) >= 0 {
		return fmt.Errorf("%w: RSA signature of %d bytes for a %d-byte modulus", ErrChallenge, len(sig), k)
	}
	m := new(big.Int).Exp(s, big.NewInt(int64(key.RSA.E)), n)
	// ISO/IEC 9796-2 §B.6: the signer may send n − J^d; then J ends in 0x...C only
	// after subtracting from n.
	if m.Uint64()&0x0F != 0x0C {
		m.Sub(n, m)
	}
	rep := m.FillBytes(make([]byte, k))
	h, trailer := crypto.SHA1, 1
	switch {
	case rep[k-1] == 0xBC:
	case rep[k-1] == 0xCC && iso9796Hashes[rep[k-2]] != 0:
		h, trailer = iso9796Hashes[rep[k-2]], 2
	default:
		return fmt.Errorf("%w: ISO/IEC 9796-2 trailer %02X", ErrChallenge, rep[k-1])
	}
	if !h.Available() {
		return fmt.Errorf("active authentication: hash %v: %w", h, ErrUnsupported)
	}
	// The representative has k bytes when the modulus fills them, else k-1 bytes of
	// significance behind a zero byte.
	body := bytes.TrimLeft(rep, "\x00")
	if len(body) < 1+h.Size()+trailer || body[0] != 0x6A {
		return fmt.Errorf("%w: ISO/IEC 9796-2 representative does not start with 6A (partial recovery)", ErrChallenge)
	}
	end := len(body) - trailer
	m1, digest := body[1:end-h.Size()], body[end-h.Size():end]
	d := h.New()
	d.Write(m1)
	d.Write(challenge)
	if subtle.ConstantTimeCompare(d.Sum(nil), digest) != 1 {
		return fmt.Errorf("%w: RSA ISO/IEC 9796-2 hash does not match", ErrChallenge)
	}
	return nil
}
