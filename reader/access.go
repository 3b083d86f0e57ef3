package reader

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// aidLDS1 is the eMRTD LDS1 application identifier (ICAO 9303-10 §3.6.1).
var aidLDS1 = []byte{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01}

// Steps of access control, as Progress and StepError name them.
const (
	stepCardAccess = "card access"
	stepPACE       = "pace"
	stepBAC        = "bac"
	stepSelect     = "select application"
)

// openSession runs the chip access procedure of ICAO 9303-11 §4.2: read EF.CardAccess;
// PACE if the chip offers a PACE this reader supports; select the eMRTD application;
// BAC if PACE was not done. It returns the secure channel, which opens the session
// again when the chip ends it (resumingChannel), and the largest short read under it.
func openSession(ctx context.Context, t iso7816.Transmitter, key AccessKey, opts Options,
	doc *Document, progress func(Progress)) (*resumingChannel, int, error) {
	rnd := opts.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	progress(Progress{Step: stepCardAccess, Total: 1})
	infos, raw, err := readCardAccess(ctx, t)
	if err != nil {
		return nil, 0, &StepError{Step: stepCardAccess, Err: err}
	}
	if raw != nil {
		doc.Raw[lds.CardAccess] = raw // compared with DG14's signed copy (cardaccess.go)
		doc.BytesRead += len(raw)
	}
	progress(Progress{Step: stepCardAccess, Done: 1, Total: 1})

	ac := &accessControl{key: key, rnd: rnd, progress: progress}
	if len(infos) > 0 {
		sm, info, err := pace(ctx, t, key, infos, rnd, progress)
		switch {
		case err == nil:
			ac.pace = &info
			ch := icao.NewChannel(t, sm)
			if err := selectApplication(ctx, ch, progress); err != nil {
				return nil, 0, err
			}
			doc.Protocol = "PACE"
			return &resumingChannel{t: t, ch: ch, ac: ac}, maxShortFor(sm.Cipher()), nil
		case !errors.Is(err, icao.ErrUnsupported) || !key.hasMRZ():
			return nil, 0, &StepError{Step: stepPACE, Err: err}
		}
		// None of the chip's PACE variants is implemented here; chips that offer
		// PACE mostly offer BAC too (ICAO 9303-11 §4.2), so try it.
	}
	if !key.hasMRZ() {
		return nil, 0, &StepError{Step: stepBAC, Err: ErrCANNeedsPACE}
	}
	ch, err := ac.bac(ctx, t)
	if err != nil {
		return nil, 0, err
	}
	doc.Protocol = "BAC"
	return &resumingChannel{t: t, ch: ch, ac: ac}, maxShortFor(ch.Cipher()), nil
}

// readCardAccess reads EF.CardAccess before access control and returns its PACEInfos
// and the file as read (nil when there is none). A chip without the file, or whose
// file is unreadable or garbled, offers no PACE: such chips exist, and BAC still
// opens them (DG14 tells whether PACE was hidden, cardaccess.go).
func readCardAccess(ctx context.Context, t iso7816.Transmitter) ([]icao.PACEInfo, []byte, error) {
	r := newFileReader(t, maxShortPlain, Options{NoExtended: true}, nil)
	raw, err := r.read(ctx, lds.CardAccess)
	var se *iso7816.StatusError
	if errors.As(err, &se) || errors.Is(err, ErrBadCard) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err // the transport failed: the card is gone
	}
	infos, err := icao.ParseCardAccess(raw)
	if err != nil {
		return nil, raw, nil
	}
	return infos, raw, nil
}

// pace tries the chip's PACEInfos in order until one runs, and returns the session
// and the PACEInfo it ran; an unsupported one is skipped. The CAN is the password
// when given, else the MRZ.
func pace(ctx context.Context, t iso7816.Transmitter, key AccessKey, infos []icao.PACEInfo,
	rnd io.Reader, progress func(Progress)) (*icao.SecureMessaging, icao.PACEInfo, error) {
	pw, err := pacePassword(key)
	if err != nil {
		return nil, icao.PACEInfo{}, err
	}
	progress(Progress{Step: stepPACE, Total: 1})
	err = fmt.Errorf("no PACEInfo: %w", icao.ErrUnsupported)
	for _, info := range infos {
		var sm *icao.SecureMessaging
		if sm, err = icao.PACE(ctx, t, pw, info, rnd); err == nil {
			progress(Progress{Step: stepPACE, Done: 1, Total: 1})
			return sm, info, nil
		}
		if !errors.Is(err, icao.ErrUnsupported) {
			return nil, icao.PACEInfo{}, err
		}
	}
	return nil, icao.PACEInfo{}, err
}

// pacePassword is the CAN when the key has one, else the MRZ password.
func pacePassword(key AccessKey) (icao.Password, error) {
	if key.CAN != "" {
		return icao.CANPassword(key.CAN), nil
	}
	return icao.MRZPassword(key.DocumentNumber, key.BirthDate, key.ExpiryDate)
}

// selectApplication selects the eMRTD application by its AID (00 A4 04 0C).
func selectApplication(ctx context.Context, t iso7816.Transmitter, progress func(Progress)) error {
	progress(Progress{Step: stepSelect, Total: 1})
	rsp, err := transmit(ctx, t, iso7816.Command{Ins: 0xA4, P1: 0x04, P2: 0x0C, Data: aidLDS1})
	if err == nil && !rsp.OK() {
		err = &iso7816.StatusError{Command: "SELECT eMRTD application", SW: rsp.SW}
	}
	if err != nil {
		return &StepError{Step: stepSelect, Err: err}
	}
	progress(Progress{Step: stepSelect, Done: 1, Total: 1})
	return nil
}

// maxShortFor is the largest plaintext a short secure-messaging response carries.
func maxShortFor(c icao.Cipher) int {
	if c.BlockSize() == 8 {
		return maxShort3DES
	}
	return maxShortAES
}
