package icao

import (
	"fmt"
	"io"
	"math/big"

	"github.com/citizenkiosk/citizenkiosk/reader/internal/ecc"
)

// paceGroup is the group in which a PACE run agrees keys: an elliptic curve with
// its generator (ICAO 9303-11 §4.4.3.2) or a MODP group with its generator
// (§4.4.3.1). The protocol code sees only encoded public keys.
type paceGroup interface {
	// keyPair draws a private key and returns it with its encoded public key.
	keyPair(rand io.Reader) (sk *big.Int, pk []byte, err error)
	// mapNonce is the generic mapping (§4.4.3.3.1): it agrees H with the other
	// side's mapping key and returns the group whose generator is s·G + H (ECDH)
	// or g^s·h (DH).
	mapNonce(s []byte, sk *big.Int, peer []byte) (paceGroup, error)
	// mapIntegrated is the integrated mapping (§4.4.3.3.2) of the chip's nonce s
	// and the terminal's nonce t: the generator fG(Rp(s, t)) or fg(Rp(s, t)).
	mapIntegrated(c Cipher, s, t []byte) (paceGroup, error)
	// agree returns the shared secret K with the other side's ephemeral key.
	agree(sk *big.Int, peer []byte) ([]byte, error)
	// publicKeyTag is the tag of the public value in a public key data object
	// (§9.4.3, §9.4.4): 86 for an EC point, 84 for a DH value.
	publicKeyTag() uint16
}

// randomBelow draws k uniformly from [1, n-1]: it reads as many bytes as n has,
// masks the excess high bits and retries if the value is out of range, so that a
// deterministic reader in tests yields the keys the worked examples use.
func randomBelow(rand io.Reader, n *big.Int) (*big.Int, error) {
	size := (n.BitLen() + 7) / 8
	excess := uint(size*8 - n.BitLen())
	buf := make([]byte, size)
	for range 100 {
		if _, err := io.ReadFull(rand, buf); err != nil {
			return nil, fmt.Errorf("random private key: %w", err)
		}
		buf[0] &= 0xFF >> excess
		k := new(big.Int).SetBytes(buf)
		if k.Sign() > 0 && k.Cmp(n) < 0 {
			return k, nil
		}
	}
	return nil, fmt.Errorf("random private key: no value in range after 100 draws")
}

// ecGroup is a curve with a generator (the standard one, or a mapped one).
type ecGroup struct {
	cv *ecc.Curve
	g  ecc.Point
}

func (e *ecGroup) publicKeyTag() uint16 { return 0x86 }

func (e *ecGroup) keyPair(rand io.Reader) (*big.Int, []byte, error) {
	sk, err := randomBelow(rand, e.cv.N)
	if err != nil {
		return nil, nil, err
	}
	return sk, e.cv.Encode(e.cv.ScalarMult(e.g, sk)), nil
}

func (e *ecGroup) mapNonce(s []byte, sk *big.Int, peer []byte) (paceGroup, error) {
	pk, err := e.cv.Decode(peer)
	if err != nil {
		return nil, fmt.Errorf("mapping key: %w: %w", err, ErrProtocol)
	}
	h := e.cv.ScalarMult(pk, sk)
	if h.IsInfinity() {
		return nil, fmt.Errorf("mapping: shared point H is the point at infinity: %w", ErrProtocol)
	}
	g := e.cv.Add(e.cv.ScalarMult(e.g, new(big.Int).SetBytes(s)), h)
	if g.IsInfinity() {
		return nil, fmt.Errorf("mapping: mapped generator is the point at infinity: %w", ErrProtocol)
	}
	return &ecGroup{cv: e.cv, g: g}, nil
}

// agree is ECKA (BSI TR-03111 §4.3.1): K is the x coordinate of sk·PK as a field
// element (§9.7.1 note).
func (e *ecGroup) agree(sk *big.Int, peer []byte) ([]byte, error) {
	k, err := e.cv.ECDH(sk, peer)
	if err != nil {
		return nil, fmt.Errorf("ephemeral key: %w: %w", err, ErrProtocol)
	}
	return k, nil
}
