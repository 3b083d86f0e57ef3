package icao

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// PACE runs PACE version 2 with the generic or the integrated mapping (ICAO
// 9303-11 §4.4, worked examples in Appendices G and H) over ECDH or DH as the
// terminal, and returns the secure-messaging session it establishes (SSC zero).
// The protocol and domain parameters come from a PACEInfo of EF.CardAccess; rand
// supplies the terminal's mapping key (generic) or nonce t (integrated), then its
// ephemeral key. A wrong password gives an error
// matching ErrAccessDenied, usually a *StatusError for step 4; every error names
// the step that failed.
//
// The APDUs: MSE:Set AT (00 22 C1 A4: DO'80' protocol OID, DO'83' password
// reference, DO'84' domain parameter id), then four GENERAL AUTHENTICATE commands
// (INS 86), the first three chained (CLA 10): an empty '7C' for the encrypted nonce
// (DO'80'), the mapping data (DO'81' → DO'82': the mapping public keys, or t and
// an empty answer), the ephemeral public key (DO'83' → DO'84') and the
// authentication token (DO'85' → DO'86').
func PACE(ctx context.Context, t iso7816.Transmitter, pw Password, info PACEInfo, rand io.Reader) (*SecureMessaging, error) {
	group, err := info.group()
	if err != nil {
		return nil, fmt.Errorf("PACE: %w", err)
	}
	c := info.Cipher()
	oid, err := oidContent(info.Protocol)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stepSetAT, err)
	}
	set := appendTLV(nil, 0x80, oid)
	set = appendTLV(set, 0x83, []byte{pw.Kind})
	// §4.4.4.1 makes DO'84' conditional (needed when the chip holds several
	// parameter sets); it is always sent because chips that need it fail without
	// it (German and Polish eIDs, older Ukrainian passports) and others accept it.
	set = appendTLV(set, 0x84, []byte{byte(info.ParameterID)})
	if _, err := transmit(ctx, t, iso7816.Command{Ins: insMSE, P1: 0xC1, P2: 0xA4, Data: set}, stepSetAT); err != nil {
		return nil, err
	}

	// Step 1: the chip's nonce, s = D(Kπ, z) with a zero IV (§4.4.1 step 2,
	// §4.4.3.3); s may be any whole number of blocks.
	z, err := generalAuthenticate(ctx, t, claChaining, 0, nil, 0x80, stepNonce)
	if err != nil {
		return nil, err
	}
	kpi, err := newBlock(c, DeriveKey(pw.Key, c, KPi))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stepNonce, err)
	}
	s, err := cbcDecrypt(kpi, make([]byte, c.BlockSize()), z)
	if err != nil {
		return nil, fmt.Errorf("%s: encrypted nonce: %v: %w", stepNonce, err, ErrProtocol)
	}

	// Step 2: map the nonce to a new generator.
	mapped, err := mapNonce(ctx, t, group, info, s, rand)
	if err != nil {
		return nil, err
	}

	// Step 3: ephemeral key agreement over the mapped generator.
	skEph, pkEph, err := mapped.keyPair(rand)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stepAgree, err)
	}
	pkEphIC, err := generalAuthenticate(ctx, t, claChaining, 0x83, pkEph, 0x84, stepAgree)
	if err != nil {
		return nil, err
	}
	// §4.4.1 step 3 and Figure 1: check that the chip's key differs from ours.
	if bytes.Equal(pkEphIC, pkEph) {
		return nil, fmt.Errorf("%s: chip echoed the terminal's key: %w", stepAgree, ErrProtocol)
	}
	secret, err := mapped.agree(skEph, pkEphIC)
	if err != nil {
		return nil, fmt.Errorf("%s: chip's %w", stepAgree, err)
	}
	keys := derivePACEKeys(c, secret)

	// Step 4: exchange authentication tokens over the other side's key.
	tag := group.publicKeyTag()
	tPCD, err := authToken(c, keys.mac, info.Protocol, tag, pkEphIC)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stepMutual, err)
	}
	tIC, err := generalAuthenticate(ctx, t, 0x00, 0x85, tPCD, 0x86, stepMutual)
	if err != nil {
		return nil, err
	}
	want, err := authToken(c, keys.mac, info.Protocol, tag, pkEph)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stepMutual, err)
	}
	if !bytes.Equal(tIC, want) {
		return nil, fmt.Errorf("%s: chip's token does not verify: %w", stepMutual, ErrAccessDenied)
	}
	return newPACESession(c, keys)
}

// mapNonce is step 2 on the terminal side: the generic mapping exchanges mapping
// public keys (§4.4.3.3.1); the integrated mapping sends a random t of the key
// length in clear and gets an empty DO'82' back (§4.4.3.3.2, §4.4.5.2.2).
func mapNonce(ctx context.Context, t iso7816.Transmitter, group paceGroup, info PACEInfo, s []byte,
	rand io.Reader) (paceGroup, error) {
	c := info.Cipher()
	if info.Mapping() == IntegratedMapping {
		nonce := make([]byte, c.KeySize())
		if _, err := io.ReadFull(rand, nonce); err != nil {
			return nil, fmt.Errorf("%s: random nonce t: %w", stepMap, err)
		}
		if _, err := generalAuthenticate(ctx, t, claChaining, 0x81, nonce, 0x82, stepMap); err != nil {
			return nil, err
		}
		mapped, err := group.mapIntegrated(c, s, nonce)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", stepMap, err)
		}
		return mapped, nil
	}
	skMap, pkMap, err := group.keyPair(rand)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stepMap, err)
	}
	pkMapIC, err := generalAuthenticate(ctx, t, claChaining, 0x81, pkMap, 0x82, stepMap)
	if err != nil {
		return nil, err
	}
	mapped, err := group.mapNonce(s, skMap, pkMapIC)
	if err != nil {
		return nil, fmt.Errorf("%s: chip's %w", stepMap, err)
	}
	return mapped, nil
}

// generalAuthenticate sends GENERAL AUTHENTICATE with DO'7C' { tag value } (an
// empty '7C' when tag is 0) and returns the value of respTag in the answer.
func generalAuthenticate(ctx context.Context, t iso7816.Transmitter, cla byte, tag uint16, value []byte,
	respTag uint16, step string) ([]byte, error) {
	data := []byte{0x7C, 0x00}
	if tag != 0 {
		data = dynamicAuthData(tag, value)
	}
	resp, err := transmit(ctx, t, iso7816.Command{Cla: cla, Ins: insGenAuth, Data: data, Ne: 256}, step)
	if err != nil {
		return nil, err
	}
	v, err := openDynamicAuthData(resp.Data, respTag)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", step, err)
	}
	return v, nil
}
