package iso7816

import (
	"fmt"
	"math/big"
)

// ExtendedLength is what a card says of extended-length APDUs (ISO/IEC 7816-4 §5.1),
// in the card capabilities of its historical bytes or EF.ATR/INFO, or in the
// extended length information of EF.ATR/INFO. The zero value means the card said
// nothing: a reader must try.
type ExtendedLength struct {
	Known     bool // the card said whether it supports extended length
	Supported bool
	// MaxCommand and MaxResponse are the most bytes a command and a response APDU
	// may carry (DO'7F66'); 0 when not given.
	MaxCommand, MaxResponse int
}

// Card capabilities, the third software function table: bit 7 announces extended Lc
// and Le fields (ISO/IEC 7816-4:2005 §8.1.1.2.7, Table 88; §12.1.1.9 in the 2013
// edition).
const capExtendedLength = 0x40

// capabilities reads the card capabilities data element (compact tag 7 in the
// historical bytes, tag 47 in EF.ATR/INFO): one to three bytes, the third of which
// holds the extended-length bit. With fewer than three bytes nothing is said.
func capabilities(v []byte) ExtendedLength {
	if len(v) < 3 {
		return ExtendedLength{}
	}
	return ExtendedLength{Known: true, Supported: v[2]&capExtendedLength != 0}
}

// HistoricalBytes returns the historical bytes of an answer to reset (ISO/IEC 7816-3
// §8.2): T0's low nibble counts them, and they follow the interface bytes, whose
// presence T0 and each TDi announce in their high nibbles.
func HistoricalBytes(atr []byte) ([]byte, error) {
	if len(atr) < 2 {
		return nil, fmt.Errorf("%w: ATR of %d bytes", ErrMalformed, len(atr))
	}
	k := int(atr[1] & 0x0F)
	y, i := atr[1]>>4, 2
	for {
		for _, bit := range []byte{1, 2, 4} { // TAi, TBi, TCi
			if y&bit != 0 {
				i++
			}
		}
		if y&8 == 0 {
			break
		}
		if i >= len(atr) {
			return nil, fmt.Errorf("%w: ATR ends inside its interface bytes", ErrMalformed)
		}
		y, i = atr[i]>>4, i+1 // TDi: the next interface bytes' presence
	}
	if i+k > len(atr) {
		return nil, fmt.Errorf("%w: ATR announces %d historical bytes, %d follow", ErrMalformed, k, max(len(atr)-i, 0))
	}
	return atr[i : i+k], nil
}

// HistoricalExtendedLength reads the card capabilities in historical bytes (ISO/IEC
// 7816-4:2005 §8.1.1): after the category indicator 00 or 80 come COMPACT-TLV data
// objects, one byte of tag (high nibble) and length (low nibble) then the value;
// with 00 the last three bytes are the status indicator. Any other category is
// proprietary, and says nothing.
func HistoricalExtendedLength(hist []byte) (ExtendedLength, error) {
	if len(hist) == 0 || hist[0] != 0x00 && hist[0] != 0x80 {
		return ExtendedLength{}, nil
	}
	b := hist[1:]
	if hist[0] == 0x00 {
		if len(b) < 3 {
			return ExtendedLength{}, fmt.Errorf("%w: historical bytes lack the status indicator", ErrMalformed)
		}
		b = b[:len(b)-3]
	}
	for len(b) > 0 {
		tag, n := b[0]>>4, int(b[0]&0x0F)
		if 1+n > len(b) {
			return ExtendedLength{}, fmt.Errorf("%w: historical bytes: compact tag %X of %d bytes, %d follow", ErrMalformed, tag, n, len(b)-1)
		}
		if tag == 7 {
			return capabilities(b[1 : 1+n]), nil
		}
		b = b[1+n:]
	}
	return ExtendedLength{}, nil
}

// ParseATRInfo reads EF.ATR/INFO (ISO/IEC 7816-4:2005 §8.2.1.1: BER-TLV data objects
// that complete the historical bytes): the card capabilities DO'47' and the extended
// length information DO'7F66' (§12.7.1 in the 2013 edition), which holds INTEGERs
// DO'02': the most bytes of a command APDU, then of a response APDU. DO'7F66' implies
// support when its response size exceeds a short APDU's 256 bytes.
func ParseATRInfo(b []byte) (ExtendedLength, error) {
	dos, err := ParseTLVs(b)
	if err != nil {
		return ExtendedLength{}, fmt.Errorf("EF.ATR/INFO: %w", err)
	}
	var e ExtendedLength
	if caps, ok := Find(dos, 0x47); ok {
		e = capabilities(caps.Value)
	}
	info, ok := Find(dos, 0x7F66)
	if !ok {
		return e, nil
	}
	var sizes []int
	for _, c := range info.Children {
		if c.Tag != 0x02 {
			continue
		}
		n := new(big.Int).SetBytes(c.Value)
		if len(c.Value) == 0 || c.Value[0]&0x80 != 0 || !n.IsInt64() || n.Int64() > 1<<24 {
			return ExtendedLength{}, fmt.Errorf("%w: EF.ATR/INFO: DO'7F66' size % X", ErrMalformed, c.Value)
		}
		sizes = append(sizes, int(n.Int64()))
	}
	if len(sizes) < 2 {
		return ExtendedLength{}, fmt.Errorf("%w: EF.ATR/INFO: DO'7F66' holds %d sizes, want 2", ErrMalformed, len(sizes))
	}
	e.MaxCommand, e.MaxResponse = sizes[0], sizes[1]
	if !e.Known {
		e.Known, e.Supported = true, e.MaxResponse > 256 || e.MaxCommand > 261
	}
	return e, nil
}
