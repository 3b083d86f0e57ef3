package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// This file is the chip's side of active and chip authentication, for the virtual
// chip: it answers what the terminal side (aa.go, ca.go) sends.

// ActiveAuthCard answers INTERNAL AUTHENTICATE (ICAO 9303-11 §6.1) with Key.
type ActiveAuthCard struct {
	Key  crypto.Signer // *rsa.PrivateKey, or *ecdsa.PrivateKey on a NIST curve
	Hash crypto.Hash   // ECDSA only: the hash DG14's ActiveAuthenticationInfo names; 0 = SHA-256
	Rand io.Reader
}

// Sign signs the challenge: ISO/IEC 9796-2 scheme 1 with SHA-1 for RSA, plain
// ECDSA (BSI TR-03111 §5.2.1) otherwise.
func (c *ActiveAuthCard) Sign(challenge []byte) ([]byte, error) {
	switch k := c.Key.(type) {
	case *rsa.PrivateKey:
		return signISO9796(k, challenge, c.Rand)
	case *ecdsa.PrivateKey:
		h := c.Hash
		if h == 0 {
			h = crypto.SHA256
		}
		d := h.New()
		d.Write(challenge)
		r, s, err := ecdsa.Sign(c.Rand, k, d.Sum(nil))
		if err != nil {
			return nil, fmt.Errorf("active authentication: %w", err)
		}
		n := (k.Curve.Params().N.BitLen() + 7) / 8
		out := make([]byte, 2*n)
		r.FillBytes(out[:n])
		s.FillBytes(out[n:])
		return out, nil
	}
	return nil, unsupported("active authentication key %T", c.Key)
}

// signISO9796 makes 6A ‖ M1 ‖ SHA-1(M1 ‖ challenge) ‖ BC with a random M1 filling
// the modulus, and raises it to the private exponent.
func signISO9796(k *rsa.PrivateKey, challenge []byte, rand io.Reader) ([]byte, error) {
	size := k.Size()
	if k.N.BitLen()%8 != 0 {
		size-- // keep the representative below the modulus
	}
	h := crypto.SHA1.New()
	m1 := make([]byte, size-2-h.Size())
	if _, err := io.ReadFull(rand, m1); err != nil {
		return nil, fmt.Errorf("active authentication: %w", err)
	}
	h.Write(m1)
	h.Write(challenge)
	rep := append(append(append([]byte{0x6A}, m1...), h.Sum(nil)...), 0xBC)
	s := new(big.Int).Exp(new(big.Int).SetBytes(rep), k.D, k.N)
	return s.FillBytes(make([]byte, k.Size())), nil
}

// Handle answers an INTERNAL AUTHENTICATE command.
func (c *ActiveAuthCard) Handle(cmd iso7816.Command) iso7816.Response {
	if cmd.Ins != insInternalAuthenticate {
		return iso7816.Response{SW: iso7816.SWInsNotSupported}
	}
	if len(cmd.Data) != challengeLen {
		return iso7816.Response{SW: iso7816.SWWrongData}
	}
	sig, err := c.Sign(cmd.Data)
	if err != nil {
		return iso7816.Response{SW: swNoPreciseDiagnosis}
	}
	return iso7816.Response{Data: sig, SW: iso7816.SWOK}
}

// swNoPreciseDiagnosis is 6F00 (ISO/IEC 7816-4 §5.1.3).
const swNoPreciseDiagnosis = 0x6F00

// ChipAuthCard is the chip's side of chip authentication (ICAO 9303-11 §6.2): a
// static ECDH or DH key pair and the cipher of the new session.
type ChipAuthCard struct {
	Cipher icao.Cipher
	ka     keyAgreement // ecdhAgreement or *DHGroup
	key    *big.Int
	pub    []byte // encoded as the protocol sends it
	atSet  bool
}

// NewChipAuthCard generates the chip's static ECDH key on the curve with the given OID.
func NewChipAuthCard(curveOID asn1.ObjectIdentifier, c icao.Cipher, rand io.Reader) (*ChipAuthCard, error) {
	curve := CurveByOID(curveOID)
	if curve == nil {
		return nil, unsupported("curve %v", curveOID)
	}
	return newChipAuthCard(ecdhAgreement{curve}, c, rand)
}

// NewChipAuthCardDH generates the chip's static DH key in group g.
func NewChipAuthCardDH(g *DHGroup, c icao.Cipher, rand io.Reader) (*ChipAuthCard, error) {
	return newChipAuthCard(g, c, rand)
}

func newChipAuthCard(ka keyAgreement, c icao.Cipher, rand io.Reader) (*ChipAuthCard, error) {
	k, pub, err := ka.generate(rand)
	if err != nil {
		return nil, fmt.Errorf("chip authentication key: %w", err)
	}
	return &ChipAuthCard{Cipher: c, ka: ka, key: k, pub: pub}, nil
}

// Protocol is the id-CA-ECDH or id-CA-DH OID of the card's cipher (ICAO 9303-11 §9.2.5).
func (c *ChipAuthCard) Protocol() asn1.ObjectIdentifier {
	n := map[icao.Cipher]int{icao.TripleDES: 1, icao.AES128: 2, icao.AES192: 3, icao.AES256: 4}[c.Cipher]
	base := oidCAECDH
	if _, dh := c.ka.(*DHGroup); dh {
		base = oidCADH
	}
	return append(append(asn1.ObjectIdentifier{}, base...), n)
}

// keyProtocol is id-PK-ECDH or id-PK-DH, the protocol of DG14's public key info.
func (c *ChipAuthCard) keyProtocol() asn1.ObjectIdentifier {
	if _, dh := c.ka.(*DHGroup); dh {
		return oidPKDH
	}
	return oidPKECDH
}

// PublicKeyInfo is the SubjectPublicKeyInfo of the card's key (a named curve, or the
// DH group's parameters), as DG14's ChipAuthenticationPublicKeyInfo carries it.
func (c *ChipAuthCard) PublicKeyInfo() ([]byte, error) {
	if g, ok := c.ka.(*DHGroup); ok {
		return g.encodeSPKI(new(big.Int).SetBytes(c.pub))
	}
	params, err := asn1.Marshal(c.ka.(ecdhAgreement).curve.OID())
	if err != nil {
		return nil, fmt.Errorf("chip authentication key: %w", err)
	}
	b, err := asn1.Marshal(spki{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: params}},
		PublicKey: asn1.BitString{Bytes: c.pub, BitLength: 8 * len(c.pub)},
	})
	if err != nil {
		return nil, fmt.Errorf("chip authentication key: %w", err)
	}
	return b, nil
}

// Handle answers MSE:Set KAT (00 22 41 A6, 3DES), or MSE:Set AT (00 22 41 A4) and
// GENERAL AUTHENTICATE (00 86 00 00, AES) of ICAO 9303-11 §6.2.4. When the answer
// completes chip authentication, established holds the new session (SSC 0), to be
// used from the next command on: the answer itself goes out under the old keys.
func (c *ChipAuthCard) Handle(cmd iso7816.Command) (resp iso7816.Response, established *icao.SecureMessaging, err error) {
	switch {
	case cmd.Ins == 0x22 && cmd.P1 == 0x41 && cmd.P2 == 0xA6:
		pk, ok := findDO(cmd.Data, 0x91)
		if !ok {
			return iso7816.Response{SW: iso7816.SWWrongData}, nil, nil
		}
		return c.agree(pk)
	case cmd.Ins == 0x22 && cmd.P1 == 0x41 && cmd.P2 == 0xA4:
		oid, ok := findDO(cmd.Data, 0x80)
		want, _ := asn1.Marshal(c.Protocol())
		if !ok || len(want) < 2 || string(oid) != string(want[2:]) {
			return iso7816.Response{SW: 0x6A80}, nil, nil
		}
		c.atSet = true
		return iso7816.Response{SW: iso7816.SWOK}, nil, nil
	case cmd.Ins == 0x86 && cmd.P1 == 0 && cmd.P2 == 0 && c.atSet:
		c.atSet = false
		outer, ok := findDO(cmd.Data, 0x7C)
		if !ok {
			return iso7816.Response{SW: iso7816.SWWrongData}, nil, nil
		}
		pk, ok := findDO(outer, 0x80)
		if !ok {
			return iso7816.Response{SW: iso7816.SWWrongData}, nil, nil
		}
		resp, sm, err := c.agree(pk)
		if sm != nil {
			resp.Data = []byte{0x7C, 0x00}
		}
		return resp, sm, err
	}
	return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}, nil, nil
}

// agree derives the new session from the terminal's ephemeral key (§6.2.4.2, §9.7.1).
func (c *ChipAuthCard) agree(peer []byte) (iso7816.Response, *icao.SecureMessaging, error) {
	secret, err := c.ka.shared(c.key, peer)
	if err != nil {
		return iso7816.Response{SW: iso7816.SWWrongData}, nil, nil
	}
	sm, err := newSession(c.Cipher, secret)
	if err != nil {
		return iso7816.Response{}, nil, err
	}
	return iso7816.Response{SW: iso7816.SWOK}, sm, nil
}

// newSession derives KSenc and KSmac from the shared secret with SSC 0 (ICAO
// 9303-11 §6.2.4.2: "the SSC is set to zero").
func newSession(c icao.Cipher, secret []byte) (*icao.SecureMessaging, error) {
	sm, err := icao.NewSecureMessaging(c, icao.DeriveKey(secret, c, 1), icao.DeriveKey(secret, c, 2),
		make([]byte, c.BlockSize()))
	if err != nil {
		return nil, fmt.Errorf("chip authentication session: %w", err)
	}
	return sm, nil
}

// findDO returns the value of the first data object with tag among the BER-TLV
// objects of b.
func findDO(b []byte, tag uint32) ([]byte, bool) {
	objs, err := iso7816.ParseTLVs(b)
	if err != nil {
		return nil, false
	}
	for _, o := range objs {
		if o.Tag == tag {
			return o.Value, true
		}
	}
	return nil, false
}
