package icao

import (
	"crypto/cipher"
	"encoding/binary"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// SecureMessaging holds the session keys and the send sequence counter (SSC) of a
// secure-messaging session (ICAO 9303-11 §9.8) and protects APDUs with them, on the
// terminal side (WrapCommand, UnwrapResponse) and on the chip side (UnwrapCommand,
// WrapResponse).
//
// Command and response use the data objects of ISO/IEC 7816-4 §10 as ICAO profiles
// them: DO'87' (padding-content indicator 01, then the cryptogram) for even INS or
// DO'85' (cryptogram only) for odd INS, DO'97' (Le), DO'99' (status word), DO'8E'
// (8-byte checksum). With 3DES the checksum is the retail MAC and the SSC has 8
// bytes; with AES it is CMAC truncated to 8 bytes, the SSC has 16 bytes and the
// IV of each cryptogram is E(KSenc, SSC) (§9.8.6, §9.8.7). Data objects are sent
// in the order of §9.8.4 and accepted in any order before a final DO'8E' (§9.3.3).
//
// Extended length: the wrapped command is sent in extended form when the plain
// command needs it (its data exceed 255 bytes or Ne exceeds 256, or it asks for
// extended form) or when the wrapped data exceed 255 bytes. DO'97' holds Le as
// the plain command would encode it (one byte, or two when extended). The wrapped
// command always carries Le = 00 (short) or 0000 (extended), i.e. "as much as
// there is", because every protected response holds at least DO'99' and DO'8E'
// (§9.8.4 Figure 5: '00' or '00 00'; Appendix D.4: the protected SELECT, a case-3
// command, ends in 00).
//
// The zero value is not usable; a SecureMessaging is not safe for concurrent use.
type SecureMessaging struct {
	c   Cipher
	enc cipher.Block
	mac *macer
	ssc []byte
}

// NewSecureMessaging starts a session with the session keys kEnc and kMac and the
// initial send sequence counter ssc (8 bytes for 3DES, 16 for AES). It keeps copies.
func NewSecureMessaging(c Cipher, kEnc, kMac, ssc []byte) (*SecureMessaging, error) {
	enc, err := newBlock(c, kEnc)
	if err != nil {
		return nil, fmt.Errorf("secure messaging encryption key: %w", err)
	}
	mac, err := newMacer(c, kMac)
	if err != nil {
		return nil, fmt.Errorf("secure messaging MAC key: %w", err)
	}
	if len(ssc) != c.BlockSize() {
		return nil, fmt.Errorf("secure messaging: SSC of %d bytes, %v needs %d", len(ssc), c, c.BlockSize())
	}
	return &SecureMessaging{c: c, enc: enc, mac: mac, ssc: append([]byte(nil), ssc...)}, nil
}

// Cipher is the cipher of the session.
func (s *SecureMessaging) Cipher() Cipher { return s.c }

// SSC returns a copy of the current send sequence counter.
func (s *SecureMessaging) SSC() []byte { return append([]byte(nil), s.ssc...) }

// increment adds one to the SSC, a big-endian counter that wraps around.
// ICAO 9303-11 §9.8.2: the SSC is increased every time before a command or
// response APDU is generated (and so before each is verified).
func (s *SecureMessaging) increment() {
	for i := len(s.ssc) - 1; i >= 0; i-- {
		s.ssc[i]++
		if s.ssc[i] != 0 {
			return
		}
	}
}

// iv is the IV of the next cryptogram: zero for 3DES (§9.8.6.1), E(KSenc, SSC)
// for AES (§9.8.7.1).
func (s *SecureMessaging) iv() []byte {
	iv := make([]byte, s.c.BlockSize())
	if s.c != TripleDES {
		s.enc.Encrypt(iv, s.ssc)
	}
	return iv
}

func (s *SecureMessaging) encrypt(plain []byte) []byte {
	return cbcEncrypt(s.enc, s.iv(), pad(plain, s.c.BlockSize()))
}

func (s *SecureMessaging) decrypt(crypt []byte) ([]byte, error) {
	plain, err := cbcDecrypt(s.enc, s.iv(), crypt)
	if err != nil {
		return nil, err
	}
	return unpad(plain)
}

// checksum is the DO'8E' value over SSC || input, padded (§9.8.6.2, §9.8.7.2).
func (s *SecureMessaging) checksum(input []byte) ([]byte, error) {
	m := append(append(make([]byte, 0, len(s.ssc)+len(input)), s.ssc...), input...)
	return s.mac.sum(pad(m, s.c.BlockSize()))
}

func (s *SecureMessaging) verify(input, got []byte) error {
	m := append(append(make([]byte, 0, len(s.ssc)+len(input)), s.ssc...), input...)
	return s.mac.verify(pad(m, s.c.BlockSize()), got)
}

// dataObject builds DO'87' (even INS, with the padding-content indicator 01) or
// DO'85' (odd INS, whose data are BER-TLV) around the cryptogram of plain.
func (s *SecureMessaging) dataObject(ins byte, plain []byte) []byte {
	crypt := s.encrypt(plain)
	if ins&1 == 1 {
		return appendTLV(nil, 0x85, crypt)
	}
	return appendTLV(nil, 0x87, append([]byte{0x01}, crypt...))
}

// openDataObject decrypts the value of DO'87' or DO'85'.
func (s *SecureMessaging) openDataObject(tag uint16, value []byte) ([]byte, error) {
	if tag == 0x87 {
		if len(value) < 1 || value[0] != 0x01 {
			return nil, fmt.Errorf("DO'87' without padding-content indicator 01: %w", ErrSMObjects)
		}
		value = value[1:]
	}
	return s.decrypt(value)
}

// WrapCommand protects a plain command (terminal side, §9.8.4 Figure 5). It
// increments the SSC.
func (s *SecureMessaging) WrapCommand(cmd iso7816.Command) (iso7816.Command, error) {
	if cmd.Cla&0x0C == 0x0C {
		return iso7816.Command{}, fmt.Errorf("wrap command %02X%02X: CLA %02X already signals secure messaging",
			cmd.Cla, cmd.Ins, cmd.Cla)
	}
	if len(cmd.Data) > 65535 || cmd.Ne < 0 || cmd.Ne > 65536 {
		return iso7816.Command{}, fmt.Errorf("wrap command %02X: data or Ne out of range", cmd.Ins)
	}
	s.increment()
	cla := cmd.Cla | 0x0C
	var dos []byte
	if len(cmd.Data) > 0 {
		dos = s.dataObject(cmd.Ins, cmd.Data)
	}
	ext := cmd.IsExtended()
	if cmd.Ne > 0 {
		var le []byte
		if ext {
			le = binary.BigEndian.AppendUint16(nil, uint16(cmd.Ne)) // 65536 encodes as 0000
		} else {
			le = []byte{byte(cmd.Ne)} // 256 encodes as 00
		}
		dos = appendTLV(dos, 0x97, le)
	}
	input := append(pad([]byte{cla, cmd.Ins, cmd.P1, cmd.P2}, s.c.BlockSize()), dos...)
	cc, err := s.checksum(input)
	if err != nil {
		return iso7816.Command{}, fmt.Errorf("wrap command %02X: %w", cmd.Ins, err)
	}
	data := appendTLV(dos, 0x8E, cc)
	out := iso7816.Command{Cla: cla, Ins: cmd.Ins, P1: cmd.P1, P2: cmd.P2, Data: data, Ne: 256}
	if ext || len(data) > 255 {
		out.Extended, out.Ne = true, 65536
	}
	return out, nil
}

// UnwrapResponse verifies and decrypts a protected response (terminal side,
// §9.8.4 Figure 6; Appendix D.4). It increments the SSC. A checksum that does not verify
// gives ErrMAC; missing or garbled objects give ErrSMObjects.
//
// A response of a bare status word other than 9000 is returned as it is: chips
// answer that way when they detect a secure-messaging error (6987, 6988; §9.8.5) or abort
// the session, and the caller should then consider the session ended. A bare
// 9000 is refused, since it would let anyone on the air interface forge success.
func (s *SecureMessaging) UnwrapResponse(raw []byte) (iso7816.Response, error) {
	resp, err := iso7816.ParseResponse(raw)
	if err != nil {
		return iso7816.Response{}, fmt.Errorf("unwrap response: %v: %w", err, ErrSMObjects)
	}
	s.increment()
	if len(resp.Data) == 0 {
		if resp.SW == iso7816.SWOK {
			return iso7816.Response{}, fmt.Errorf("unwrap response: 9000 without DO'99' and DO'8E': %w", ErrSMObjects)
		}
		return resp, nil
	}
	objs, err := parseTLVs(resp.Data)
	if err != nil {
		return iso7816.Response{}, fmt.Errorf("unwrap response: %v: %w", err, ErrSMObjects)
	}
	input, cc, err := splitChecksum(objs, 0x85, 0x87, 0x99)
	if err != nil {
		return iso7816.Response{}, fmt.Errorf("unwrap response: %w", err)
	}
	if err := s.verify(input, cc); err != nil {
		return iso7816.Response{}, fmt.Errorf("unwrap response (SW %04X): %w", resp.SW, err)
	}
	// §9.8.4 lists DO'99' as optional; when a chip leaves it out, the status word
	// in clear is all there is (and is not covered by the checksum).
	out := iso7816.Response{SW: resp.SW}
	if sw, ok := findTLV(objs, 0x99); ok {
		if len(sw) != 2 {
			return iso7816.Response{}, fmt.Errorf("unwrap response: DO'99' of %d bytes: %w", len(sw), ErrSMObjects)
		}
		out.SW = binary.BigEndian.Uint16(sw)
	}
	for _, o := range objs {
		if o.tag == 0x85 || o.tag == 0x87 {
			if out.Data, err = s.openDataObject(o.tag, o.value); err != nil {
				return iso7816.Response{}, fmt.Errorf("unwrap response: DO'%X': %w", o.tag, err)
			}
			break
		}
	}
	return out, nil
}

// splitChecksum checks that objs are of the allowed tags, each at most once, and
// end in DO'8E' of 8 bytes; it returns the encoding of the objects before DO'8E'
// (the checksum input) and the checksum.
func splitChecksum(objs []tlv, allowed ...uint16) ([]byte, []byte, error) {
	if len(objs) == 0 || objs[len(objs)-1].tag != 0x8E {
		return nil, nil, fmt.Errorf("DO'8E' missing or not last: %w", ErrSMObjects)
	}
	cc := objs[len(objs)-1].value
	if len(cc) != macLen {
		return nil, nil, fmt.Errorf("DO'8E' of %d bytes: %w", len(cc), ErrSMObjects)
	}
	var input []byte
	seen := map[uint16]bool{}
	for _, o := range objs[:len(objs)-1] {
		ok := false
		for _, a := range allowed {
			ok = ok || o.tag == a
		}
		if !ok || seen[o.tag] || (o.tag == 0x85 && seen[0x87]) || (o.tag == 0x87 && seen[0x85]) {
			return nil, nil, fmt.Errorf("unexpected or repeated data object %X: %w", o.tag, ErrSMObjects)
		}
		seen[o.tag] = true
		input = append(input, o.raw...)
	}
	return input, cc, nil
}
