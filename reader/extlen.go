package reader

import (
	"context"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// atrSource is a transmitter that knows the card's answer to reset (pcsc.Card).
type atrSource interface {
	ATR() ([]byte, error)
}

// chipExtendedLength asks the chip whether it takes extended-length APDUs, before
// access control: the card capabilities in the historical bytes of the ATR that card
// gave (ISO/IEC 7816-4:2005 §8.1.1.2.7), then EF.ATR/INFO (§8.2.1.1: DO'47' and the
// extended length information DO'7F66'). What neither says is left to trying
// (fileReader.nextSize). Only a transport failure is an error: a chip without the
// file, or with a garbled one, has said nothing.
func chipExtendedLength(ctx context.Context, card, t iso7816.Transmitter) (iso7816.ExtendedLength, error) {
	var fromATR iso7816.ExtendedLength
	if a, ok := card.(atrSource); ok {
		if atr, err := a.ATR(); err == nil {
			if hist, err := iso7816.HistoricalBytes(atr); err == nil {
				fromATR, _ = iso7816.HistoricalExtendedLength(hist)
			}
		}
	}
	if fromATR.Known && !fromATR.Supported {
		return fromATR, nil // no need to read more: the reader will not try
	}
	raw, err := readATRInfo(ctx, t)
	if err != nil || raw == nil {
		return fromATR, err
	}
	info, err := iso7816.ParseATRInfo(raw)
	if err != nil || !info.Known {
		return fromATR, nil
	}
	return info, nil
}

// readATRInfo reads EF.ATR/INFO of the master file whole in one short READ BINARY
// (it is a few dozen bytes): by its short file identifier 01, else after SELECT
// 2F01. It returns nil when the chip has no such file.
func readATRInfo(ctx context.Context, t iso7816.Transmitter) ([]byte, error) {
	read := func(p1 byte) ([]byte, uint16, error) {
		rsp, err := transmit(ctx, t, iso7816.Command{Ins: 0xB0, P1: p1, Ne: maxShortPlain})
		if err != nil || len(rsp.Data) == 0 || !rsp.OK() && rsp.SW != iso7816.SWEndOfFile {
			return nil, rsp.SW, err
		}
		return rsp.Data, rsp.SW, nil
	}
	data, sw, err := read(0x80 | lds.ATRInfo.SFI())
	if data != nil || err != nil || sw == iso7816.SWFileNotFound {
		return data, err // 6A82: the chip knows SFIs, and has no such file
	}
	fid := []byte{0x2F, 0x01} // lds.ATRInfo
	rsp, err := transmit(ctx, t, iso7816.Command{Ins: 0xA4, P1: 0x02, P2: 0x0C, Data: fid})
	if err != nil || !rsp.OK() {
		return nil, err
	}
	data, _, err = read(0)
	return data, err
}

// useChipInfo sets what the chip said of extended length, unless Options ruled it
// out: no extended reads when it said no, or when the most it returns fits a short
// read anyway; else extended reads capped to what its response size leaves for
// plaintext under secure messaging of blockSize.
func (r *fileReader) useChipInfo(e iso7816.ExtendedLength, blockSize int) {
	if r.ext == extRefused || !e.Known {
		return
	}
	if !e.Supported {
		r.ext = extRefused
		return
	}
	r.ext = extWorks
	if e.MaxResponse > 0 {
		// DO'87' (tag, three length bytes, padding indicator, padded cryptogram),
		// DO'99' (4), DO'8E' (10) and SW1 SW2 (2) must fit the response.
		padded := (e.MaxResponse - 1 - 3 - 1 - 4 - 10 - 2) / blockSize * blockSize
		if limit := padded - 1; limit <= r.size {
			r.ext = extRefused
		} else {
			r.extCap = limit
		}
	}
}
