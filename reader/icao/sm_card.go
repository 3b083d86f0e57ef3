package icao

import (
	"encoding/binary"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// UnwrapCommand verifies and decrypts a protected command (chip side). It
// increments the SSC. On ErrMAC or ErrSMObjects the chip should answer 6988 without
// secure messaging and end the session (ICAO 9303-11 §9.8.3 and §9.8.5); it should
// also end it when a plain command arrives.
func (s *SecureMessaging) UnwrapCommand(raw []byte) (iso7816.Command, error) {
	cmd, err := iso7816.ParseCommand(raw)
	if err != nil {
		return iso7816.Command{}, fmt.Errorf("unwrap command: %v: %w", err, ErrSMObjects)
	}
	if cmd.Cla&0x0C != 0x0C {
		return iso7816.Command{}, fmt.Errorf("unwrap command %02X: CLA %02X is not protected: %w",
			cmd.Ins, cmd.Cla, ErrSMObjects)
	}
	s.increment()
	objs, err := parseTLVs(cmd.Data)
	if err != nil {
		return iso7816.Command{}, fmt.Errorf("unwrap command %02X: %v: %w", cmd.Ins, err, ErrSMObjects)
	}
	dos, cc, err := splitChecksum(objs, 0x85, 0x87, 0x97)
	if err != nil {
		return iso7816.Command{}, fmt.Errorf("unwrap command %02X: %w", cmd.Ins, err)
	}
	input := append(pad([]byte{cmd.Cla, cmd.Ins, cmd.P1, cmd.P2}, s.c.BlockSize()), dos...)
	if err := s.verify(input, cc); err != nil {
		return iso7816.Command{}, fmt.Errorf("unwrap command %02X: %w", cmd.Ins, err)
	}
	out := iso7816.Command{Cla: cmd.Cla &^ 0x0C, Ins: cmd.Ins, P1: cmd.P1, P2: cmd.P2}
	for _, o := range objs {
		switch o.tag {
		case 0x85, 0x87:
			if out.Data, err = s.openDataObject(o.tag, o.value); err != nil {
				return iso7816.Command{}, fmt.Errorf("unwrap command %02X: DO'%X': %w", cmd.Ins, o.tag, err)
			}
		case 0x97:
			switch len(o.value) {
			case 1:
				out.Ne = int(o.value[0])
				if out.Ne == 0 {
					out.Ne = 256
				}
			case 2:
				out.Extended = true
				out.Ne = int(binary.BigEndian.Uint16(o.value))
				if out.Ne == 0 {
					out.Ne = 65536
				}
			default:
				return iso7816.Command{}, fmt.Errorf("unwrap command %02X: DO'97' of %d bytes: %w",
					cmd.Ins, len(o.value), ErrSMObjects)
			}
		}
	}
	if len(out.Data) > 255 {
		out.Extended = true
	}
	return out, nil
}

// WrapResponse protects a response (chip side): DO'87' with the encrypted data if
// there are any, DO'99' with the status word, DO'8E', then the status word in clear.
// It increments the SSC.
func (s *SecureMessaging) WrapResponse(r iso7816.Response) ([]byte, error) {
	s.increment()
	var dos []byte
	if len(r.Data) > 0 {
		dos = s.dataObject(0, r.Data)
	}
	dos = appendTLV(dos, 0x99, binary.BigEndian.AppendUint16(nil, r.SW))
	cc, err := s.checksum(dos)
	if err != nil {
		return nil, fmt.Errorf("wrap response: %w", err)
	}
	out := appendTLV(dos, 0x8E, cc)
	return binary.BigEndian.AppendUint16(out, r.SW), nil
}
