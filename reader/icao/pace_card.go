package icao

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// PACECard is the chip side of PACE with the generic or integrated mapping over
// ECDH or DH (ICAO 9303-11 §4.4), for the virtual chip. Feed it every MSE:Set AT and GENERAL
// AUTHENTICATE command through Handle. It is not safe for concurrent use.
type PACECard struct {
	passwords []Password
	info      PACEInfo
	group     paceGroup
	c         Cipher
	rand      io.Reader

	step     int // 0 idle, 1 after MSE:Set AT, 2 nonce sent, 3 mapped, 4 keys agreed
	pw       Password
	nonce    []byte
	mapped   paceGroup
	pkEph    []byte // the chip's ephemeral public key, encoded
	pkEphPCD []byte
	keys     paceKeys
}

// NewPACECard makes the chip side for one PACEInfo of its EF.CardAccess and a
// password (more with AddPassword: real documents accept both MRZ and CAN). rand
// supplies the nonce s, then the mapping key (generic mapping only), then the
// ephemeral key.
func NewPACECard(pw Password, info PACEInfo, rand io.Reader) (*PACECard, error) {
	group, err := info.group()
	if err != nil {
		return nil, fmt.Errorf("PACE card: %w", err)
	}
	return &PACECard{passwords: []Password{pw}, info: info, group: group, c: info.Cipher(), rand: rand}, nil
}

// AddPassword lets the card accept another password kind (a later one of the same
// kind replaces the earlier).
func (p *PACECard) AddPassword(pw Password) {
	for i := range p.passwords {
		if p.passwords[i].Kind == pw.Kind {
			p.passwords[i] = pw
			return
		}
	}
	p.passwords = append(p.passwords, pw)
}

// Handle answers MSE:Set AT (00 22 C1 A4) and the four GENERAL AUTHENTICATE
// steps. After a successful step 4, established is the new session and the caller
// switches to secure messaging. A wrong password shows in step 4: the response is
// 6300 and err matches ErrAccessDenied. Any error resets the protocol; the
// response then carries the status word to send. Other commands get 6D00.
func (p *PACECard) Handle(cmd iso7816.Command) (resp iso7816.Response, established *SecureMessaging, err error) {
	switch {
	case cmd.Ins == insMSE && cmd.P1 == 0xC1 && cmd.P2 == 0xA4:
		resp, err = p.setAT(cmd)
	case cmd.Ins == insGenAuth:
		resp, established, err = p.generalAuthenticate(cmd)
	default:
		return iso7816.Response{SW: iso7816.SWInsNotSupported}, nil, nil
	}
	if err != nil {
		p.step = 0
	}
	return resp, established, err
}

func (p *PACECard) setAT(cmd iso7816.Command) (iso7816.Response, error) {
	p.step = 0
	objs, err := parseTLVs(cmd.Data)
	if err != nil {
		return iso7816.Response{SW: iso7816.SWWrongData}, fmt.Errorf("%s: %v: %w", stepSetAT, err, ErrProtocol)
	}
	want, _ := oidContent(p.info.Protocol)
	oid, ok := findTLV(objs, 0x80)
	if !ok || !bytes.Equal(oid, want) {
		return iso7816.Response{SW: iso7816.SWWrongData}, fmt.Errorf("%s: protocol not offered: %w", stepSetAT, ErrUnsupported)
	}
	if id, ok := findTLV(objs, 0x84); ok && (len(id) != 1 || int(id[0]) != p.info.ParameterID) {
		return iso7816.Response{SW: iso7816.SWWrongData}, fmt.Errorf("%s: domain parameters not offered: %w", stepSetAT, ErrUnsupported)
	}
	ref, ok := findTLV(objs, 0x83)
	if !ok || len(ref) != 1 {
		return iso7816.Response{SW: iso7816.SWWrongData}, fmt.Errorf("%s: password reference missing: %w", stepSetAT, ErrProtocol)
	}
	for _, pw := range p.passwords {
		if pw.Kind == ref[0] {
			p.pw, p.step = pw, 1
			return iso7816.Response{SW: iso7816.SWOK}, nil
		}
	}
	// ISO/IEC 7816-4: 6A88 referenced data not found.
	return iso7816.Response{SW: 0x6A88}, fmt.Errorf("%s: password kind %d not available: %w", stepSetAT, ref[0], ErrUnsupported)
}

var errOutOfOrder = errors.New("command out of order")

func (p *PACECard) generalAuthenticate(cmd iso7816.Command) (iso7816.Response, *SecureMessaging, error) {
	chained := cmd.Cla&claChaining != 0
	// Steps 1 to 3 are chained (CLA 10), step 4 ends the chain (§4.4.4.3).
	if p.step == 0 || chained != (p.step < 4) {
		return iso7816.Response{SW: iso7816.SWConditionsNotSatisfied}, nil,
			fmt.Errorf("PACE general authenticate: %w: %w", errOutOfOrder, ErrProtocol)
	}
	var data []byte
	var err error
	var step string
	switch p.step {
	case 1:
		step = stepNonce
		if !bytes.Equal(cmd.Data, []byte{0x7C, 0x00}) {
			err = fmt.Errorf("expected an empty '7C': %w", ErrProtocol)
			break
		}
		data, err = p.encryptedNonce()
	case 2:
		step = stepMap
		data, err = p.mapNonce(cmd.Data)
	case 3:
		step = stepAgree
		data, err = p.agreeKeys(cmd.Data)
	case 4:
		step = stepMutual
		var sm *SecureMessaging
		data, sm, err = p.mutualAuthenticate(cmd.Data)
		if err == nil {
			p.step = 0
			return iso7816.Response{Data: data, SW: iso7816.SWOK}, sm, nil
		}
		if errors.Is(err, ErrAccessDenied) {
			return iso7816.Response{SW: iso7816.SWWarningNoInfo}, nil, fmt.Errorf("%s: %w", step, err)
		}
	}
	if err != nil {
		return iso7816.Response{SW: iso7816.SWWrongData}, nil, fmt.Errorf("%s: %w", step, err)
	}
	p.step++
	return iso7816.Response{Data: data, SW: iso7816.SWOK}, nil, nil
}

// encryptedNonce draws s (one block, or for the integrated mapping as many as
// hold a key) and answers z = E(Kπ, s) (§4.4.3.3).
func (p *PACECard) encryptedNonce() ([]byte, error) {
	p.nonce = make([]byte, nonceLength(p.c, p.info.Mapping()))
	if _, err := io.ReadFull(p.rand, p.nonce); err != nil {
		return nil, fmt.Errorf("random nonce: %w", err)
	}
	kpi, err := newBlock(p.c, DeriveKey(p.pw.Key, p.c, KPi))
	if err != nil {
		return nil, err
	}
	return dynamicAuthData(0x80, cbcEncrypt(kpi, make([]byte, p.c.BlockSize()), p.nonce)), nil
}

func (p *PACECard) mapNonce(data []byte) ([]byte, error) {
	pkPCD, err := openDynamicAuthData(data, 0x81)
	if err != nil {
		return nil, err
	}
	if p.info.Mapping() == IntegratedMapping { // DO'81' holds t; DO'82' is empty
		if p.mapped, err = p.group.mapIntegrated(p.c, p.nonce, pkPCD); err != nil {
			return nil, err
		}
		return dynamicAuthData(0x82, nil), nil
	}
	sk, pk, err := p.group.keyPair(p.rand)
	if err != nil {
		return nil, err
	}
	if p.mapped, err = p.group.mapNonce(p.nonce, sk, pkPCD); err != nil {
		return nil, fmt.Errorf("terminal's %w", err)
	}
	return dynamicAuthData(0x82, pk), nil
}

func (p *PACECard) agreeKeys(data []byte) ([]byte, error) {
	pkPCD, err := openDynamicAuthData(data, 0x83)
	if err != nil {
		return nil, err
	}
	var sk *big.Int
	for {
		if sk, p.pkEph, err = p.mapped.keyPair(p.rand); err != nil {
			return nil, err
		}
		if !bytes.Equal(p.pkEph, pkPCD) { // §4.4.1 step 3: the keys must differ
			break
		}
	}
	secret, err := p.mapped.agree(sk, pkPCD)
	if err != nil {
		return nil, fmt.Errorf("terminal's %w", err)
	}
	// Keep a copy: the command buffer belongs to the transport and is reused for the next APDU.
	p.pkEphPCD = bytes.Clone(pkPCD)
	p.keys = derivePACEKeys(p.c, secret)
	return dynamicAuthData(0x84, p.pkEph), nil
}

func (p *PACECard) mutualAuthenticate(data []byte) ([]byte, *SecureMessaging, error) {
	got, err := openDynamicAuthData(data, 0x85)
	if err != nil {
		return nil, nil, err
	}
	tag := p.group.publicKeyTag()
	want, err := authToken(p.c, p.keys.mac, p.info.Protocol, tag, p.pkEph)
	if err != nil {
		return nil, nil, err
	}
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return nil, nil, fmt.Errorf("terminal's token does not verify: %w", ErrAccessDenied)
	}
	tIC, err := authToken(p.c, p.keys.mac, p.info.Protocol, tag, p.pkEphPCD)
	if err != nil {
		return nil, nil, err
	}
	sm, err := newPACESession(p.c, p.keys)
	if err != nil {
		return nil, nil, err
	}
	return dynamicAuthData(0x86, tIC), sm, nil
}
