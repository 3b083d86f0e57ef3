package auth

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// aidLDS1 is the eMRTD application (ICAO 9303-10 §3.6.1); selecting it again is the
// first command under the new keys, which shows the chip derived them too.
var aidLDS1 = []byte{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01}

// ChipAuthenticate runs chip authentication with ECDH or DH (ICAO 9303-11 §6.2)
// through ch, the open secure channel over inner: an ephemeral key in the group of
// the DG14 key, MSE:Set KAT (3DES) or MSE:Set AT and GENERAL AUTHENTICATE (AES), then a new
// channel over inner with the derived keys and SSC 0, confirmed by a SELECT that
// only a chip holding the DG14 private key can answer with a valid MAC.
//
// On Passed the returned channel replaces ch; on any other outcome it is nil, and
// after Failed ch is unusable too (the chip dropped its keys). PACE-CAM is not
// implemented: a chip that offers only that gives NotSupported.
func ChipAuthenticate(ctx context.Context, ch, inner iso7816.Transmitter, dg14 []byte, rand io.Reader) (*icao.Channel, CheckResult) {
	if len(dg14) == 0 {
		return nil, notSupported("", "the chip has no DG14", nil)
	}
	opts, err := ParseDG14(dg14)
	if err != nil {
		return nil, failed("", err)
	}
	info, c, err := pickChipAuth(opts)
	if errors.Is(err, ErrMalformed) {
		return nil, failed("", err)
	}
	if err != nil {
		return nil, notSupported("", err.Error(), err)
	}
	ka, chipPub := info.Key.agreement()
	alg := fmt.Sprintf("%s %v", ka, c)
	if info.Key.Curve != nil {
		alg = "ECDH " + alg
	}
	sk, pk, err := ka.generate(rand)
	if err != nil {
		return nil, failed(alg, err)
	}
	secret, err := ka.shared(sk, chipPub)
	if err != nil {
		return nil, failed(alg, err)
	}
	if err := sendChipAuth(ctx, ch, info, c, pk); err != nil {
		return nil, failed(alg, err)
	}
	sm, err := newSession(c, secret)
	if err != nil {
		return nil, failed(alg, err)
	}
	next := icao.NewChannel(inner, sm)
	resp, err := iso7816.Exchange(ctx, next, iso7816.Command{Ins: 0xA4, P1: 0x04, P2: 0x0C, Data: aidLDS1})
	if err != nil {
		var se *iso7816.StatusError
		if errors.As(err, &se) {
			return nil, failed(alg, &CardError{Step: "SELECT under the chip authentication keys", SW: resp.SW})
		}
		return nil, failed(alg, fmt.Errorf("first command under the chip authentication keys: %w", err))
	}
	return next, CheckResult{Status: Passed, Algorithm: alg}
}

// pickChipAuth takes the first key whose cipher is implemented.
func pickChipAuth(opts *SecurityOptions) (ChipAuthInfo, icao.Cipher, error) {
	err := unsupported("DG14 offers no chip authentication")
	for _, info := range opts.ChipAuth {
		if info.DH != (info.Key.DH != nil) || info.Key.RSA != nil {
			err = malformed("DG14: chip authentication protocol %v with a %v key", info.Protocol, info.Key)
			continue
		}
		c, cerr := info.Cipher()
		if cerr != nil {
			err = cerr
			continue
		}
		return info, c, nil
	}
	return ChipAuthInfo{}, 0, err
}

// sendChipAuth sends the terminal's ephemeral public key (§6.2.4.1).
func sendChipAuth(ctx context.Context, ch iso7816.Transmitter, info ChipAuthInfo, c icao.Cipher, pk []byte) error {
	var keyRef []byte
	if info.KeyID != nil {
		keyRef = iso7816.EncodeTLV(0x84, info.KeyID.Bytes())
	}
	if c == icao.TripleDES {
		data := append(iso7816.EncodeTLV(0x91, pk), keyRef...)
		return exchangeOK(ctx, ch, iso7816.Command{Ins: 0x22, P1: 0x41, P2: 0xA6, Data: data}, "MSE:Set KAT")
	}
	oid, err := oidValue(info.Protocol)
	if err != nil {
		return err
	}
	data := append(iso7816.EncodeTLV(0x80, oid), keyRef...)
	if err := exchangeOK(ctx, ch, iso7816.Command{Ins: 0x22, P1: 0x41, P2: 0xA4, Data: data}, "MSE:Set AT"); err != nil {
		return err
	}
	ga := iso7816.EncodeTLV(0x7C, iso7816.EncodeTLV(0x80, pk))
	return exchangeOK(ctx, ch, iso7816.Command{Ins: 0x86, Data: ga, Ne: 256}, "GENERAL AUTHENTICATE")
}

// exchangeOK sends cmd and turns a status word other than 9000 into a *CardError.
func exchangeOK(ctx context.Context, t iso7816.Transmitter, cmd iso7816.Command, step string) error {
	resp, err := iso7816.Exchange(ctx, t, cmd)
	var se *iso7816.StatusError
	switch {
	case errors.As(err, &se):
		return &CardError{Step: step, SW: resp.SW}
	case err != nil:
		return fmt.Errorf("%s: %w", step, err)
	}
	return nil
}
