package icao

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"fmt"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// protocolOID is id-PACE . arc . cipher.
func protocolOID(arc int, c Cipher) asn1.ObjectIdentifier {
	return append(append(asn1.ObjectIdentifier{}, idPACE...), arc, int(c))
}

func paceInfo(c Cipher, id int) PACEInfo {
	return PACEInfo{Protocol: ECDHGenericMapping(c), Version: 2, ParameterID: id}
}

// TestPACERoundTrip runs the terminal against the chip side for both mappings,
// every curve and MODP group and every cipher, then reads through the channel.
func TestPACERoundTrip(t *testing.T) {
	pw, _ := MRZPassword("T22000129", "640812", "101031")
	var infos []PACEInfo
	for _, c := range allCiphers {
		for _, id := range ECParameterIDs {
			infos = append(infos, paceInfo(c, id))
			if id != ParamNISTP224 { // Appendix B needs p ≡ 3 mod 4
				infos = append(infos, PACEInfo{Protocol: protocolOID(arcECDHIM, c), Version: 2, ParameterID: id})
			}
		}
		for _, id := range DHParameterIDs {
			infos = append(infos, PACEInfo{Protocol: DHGenericMapping(c), Version: 2, ParameterID: id},
				PACEInfo{Protocol: protocolOID(arcDHIM, c), Version: 2, ParameterID: id})
		}
	}
	for _, info := range infos {
		kind := map[bool]string{true: "ECDH", false: "DH"}[info.ECDH()]
		t.Run(fmt.Sprintf("%s %d %v/%v", kind, info.ParameterID, info.Mapping(), info.Cipher()), func(t *testing.T) {
			card, err := NewPACECard(pw, info, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			chip := &memoryChip{pace: card}
			sm, err := PACE(context.Background(), chip, pw, info, rand.Reader)
			if err != nil {
				t.Fatalf("%v (chip: %v)", err, chip.err)
			}
			if chip.sm == nil || sm.Cipher() != info.Cipher() {
				t.Fatal("chip has no session")
			}
			ch := NewChannel(chip, sm)
			got, err := ch.Transmit(context.Background(), []byte{0x00, 0xB0, 0x00, 0x00, 0xDF})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 0xDF+2 || !bytes.Equal(got[len(got)-2:], []byte{0x90, 0x00}) {
				t.Errorf("read through the channel: %d bytes", len(got))
			}
		})
	}
}

func TestPACEWrongPassword(t *testing.T) {
	right, _ := MRZPassword("T22000129", "640812", "101031")
	wrong, _ := MRZPassword("T22000129", "640812", "101032")
	for _, c := range allCiphers {
		info := paceInfo(c, ParamBrainpoolP256r1)
		card, _ := NewPACECard(right, info, rand.Reader)
		card.AddPassword(CANPassword("123456"))
		chip := &memoryChip{pace: card}
		for name, pw := range map[string]Password{"MRZ": wrong, "CAN": CANPassword("123457")} {
			_, err := PACE(context.Background(), chip, pw, info, rand.Reader)
			wantErr(t, err, ErrAccessDenied)
			wantErr(t, chip.err, ErrAccessDenied)
			if chip.sm != nil {
				t.Errorf("%v %s: chip opened a session", c, name)
			}
		}
		// The right CAN still works after the failures.
		if _, err := PACE(context.Background(), chip, CANPassword("123456"), info, rand.Reader); err != nil {
			t.Errorf("%v CAN: %v", c, err)
		}
	}
}

// TestPACEChipMisbehaves covers answers a broken or hostile chip could give.
func TestPACEChipMisbehaves(t *testing.T) {
	pw, _ := MRZPassword("T22000129", "640812", "101031")
	info := appGInfo(t)
	notOnCurve := bytes.Clone(h(t, appGChipMapPK))
	notOnCurve[40] ^= 1
	tr := appGTerminalTranscript()
	tests := []struct {
		name   string
		script []exchange
		target error
	}{
		{"MSE refused", []exchange{{tr[0].command, "6A80"}}, nil},
		{"nonce missing", []exchange{tr[0], {tr[1].command, "7C009000"}}, ErrProtocol},
		{"nonce not whole blocks", []exchange{tr[0], {tr[1].command, "7C038001AA9000"}}, ErrProtocol},
		{"mapping key off the curve", []exchange{tr[0], tr[1],
			{tr[2].command, "7C43 8241" + hexs(notOnCurve) + "9000"}}, ErrProtocol},
		{"chip echoes terminal's key", []exchange{tr[0], tr[1], tr[2],
			{tr[3].command, "7C43 8441" + appGTermEphPK + "9000"}}, ErrProtocol},
		{"token 6300", append(append([]exchange{}, tr[:4]...), exchange{tr[4].command, "6300"}), ErrAccessDenied},
		{"token wrong", append(append([]exchange{}, tr[:4]...), exchange{tr[4].command, "7C0A 8608 3ABB9674BCE93C09 9000"}), ErrAccessDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			script := &scriptedCard{t: t, steps: tt.script}
			_, err := PACE(context.Background(), script, pw, info, fixedRand(t, appGTermMapSK, appGTermEphSK))
			if tt.target != nil {
				wantErr(t, err, tt.target)
				return
			}
			// A refusal of the protocol is reported with its status word, and as
			// ErrUnsupported so that the caller can fall back to BAC.
			var se *StatusError
			if !asStatus(err, &se) || se.SW != 0x6A80 || se.Step != stepSetAT ||
				errors.Is(err, ErrAccessDenied) || !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v, want status 6A80 at %s", err, stepSetAT)
			}
		})
	}
}

func TestPACEUnsupported(t *testing.T) {
	pw := CANPassword("123456")
	ecdhIM := append(asn1.ObjectIdentifier{}, idPACE...)
	ecdhIM = append(ecdhIM, arcECDHIM, 2)
	ecdhCAM := append(asn1.ObjectIdentifier{}, idPACE...)
	ecdhCAM = append(ecdhCAM, arcECDHCAM, 2)
	dhGM := append(asn1.ObjectIdentifier{}, idPACE...)
	dhGM = append(dhGM, arcDHGM, 2)
	for name, info := range map[string]PACEInfo{
		"DH over a curve id":          {Protocol: dhGM, Version: 2, ParameterID: 13},
		"ECDH over DH id 2":           paceInfo(AES128, 2),
		"integrated mapping on P-224": {Protocol: ecdhIM, Version: 2, ParameterID: ParamNISTP224},
		"chip authentication mapping": {Protocol: ecdhCAM, Version: 2, ParameterID: 13},
		"parameter id 7":              paceInfo(AES128, 7),
		"proprietary":                 paceInfo(AES128, -1),
		"version 1":                   {Protocol: ECDHGenericMapping(AES128), Version: 1, ParameterID: 13},
		"not PACE":                    {Protocol: asn1.ObjectIdentifier{0, 4, 0, 127, 0, 7, 2, 2, 3, 2, 2}, Version: 2, ParameterID: 13},
	} {
		_, err := PACE(context.Background(), chipFunc(func([]byte) ([]byte, error) { return []byte{0x90, 0}, nil }), pw, info, rand.Reader)
		if err == nil {
			t.Errorf("%s: PACE ran", name)
			continue
		}
		wantErr(t, err, ErrUnsupported)
		if _, err := NewPACECard(pw, info, rand.Reader); err == nil {
			t.Errorf("%s: chip side made", name)
		}
	}
}

func TestPACECardOrder(t *testing.T) {
	pw := CANPassword("123456")
	info := paceInfo(AES128, ParamNISTP256)
	card, _ := NewPACECard(pw, info, rand.Reader)
	ga := iso7816.Command{Cla: 0x10, Ins: 0x86, Data: []byte{0x7C, 0x00}, Ne: 256}
	resp, _, err := card.Handle(ga)
	if resp.SW != iso7816.SWConditionsNotSatisfied || err == nil {
		t.Errorf("general authenticate before MSE: %04X, %v", resp.SW, err)
	}
	oid, _ := oidContent(info.Protocol)
	mse := func(kind byte, id byte) iso7816.Command {
		d := appendTLV(nil, 0x80, oid)
		d = appendTLV(d, 0x83, []byte{kind})
		d = appendTLV(d, 0x84, []byte{id})
		return iso7816.Command{Ins: 0x22, P1: 0xC1, P2: 0xA4, Data: d}
	}
	if resp, _, err := card.Handle(mse(PasswordMRZ, ParamNISTP256)); resp.SW != 0x6A88 || err == nil {
		t.Errorf("MSE for a missing MRZ password: %04X, %v", resp.SW, err)
	}
	if resp, _, err := card.Handle(mse(PasswordCAN, ParamNISTP384)); resp.SW != iso7816.SWWrongData || err == nil {
		t.Errorf("MSE for other domain parameters: %04X, %v", resp.SW, err)
	}
	if resp, _, err := card.Handle(mse(PasswordCAN, ParamNISTP256)); resp.SW != iso7816.SWOK || err != nil {
		t.Fatalf("MSE: %04X, %v", resp.SW, err)
	}
	unchained := ga
	unchained.Cla = 0
	if resp, _, _ := card.Handle(unchained); resp.SW != iso7816.SWConditionsNotSatisfied {
		t.Errorf("unchained step 1: %04X", resp.SW)
	}
	if resp, _, _ := card.Handle(iso7816.Command{Ins: 0xB0}); resp.SW != iso7816.SWInsNotSupported {
		t.Errorf("read binary: %04X", resp.SW)
	}
}

// FuzzPACECardHandle drives the chip side through the first steps of the
// Appendix G.1 exchange and then hands it an arbitrary command: the chip side
// reads terminal input and must never panic on it.
func FuzzPACECardHandle(f *testing.F) {
	for i, ex := range appGTranscript {
		f.Add(uint8(i), h(f, ex.command))
	}
	f.Add(uint8(2), []byte{0x10, 0x86, 0x00, 0x00, 0x05, 0x7C, 0x03, 0x81, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, steps uint8, raw []byte) {
		pw, _ := MRZPassword("T22000129", "640812", "101031")
		info := PACEInfo{Protocol: ECDHGenericMapping(AES128), Version: 2, ParameterID: ParamBrainpoolP256r1}
		card, err := NewPACECard(pw, info, fixedRand(t, appGNonce, appGChipMapSK, appGChipEphSK))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < int(steps)%len(appGTranscript); i++ {
			cmd, _ := iso7816.ParseCommand(h(t, appGTranscript[i].command))
			if _, _, err := card.Handle(cmd); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		cmd, err := iso7816.ParseCommand(raw)
		if err != nil {
			return
		}
		resp, sm, err := card.Handle(cmd)
		if sm != nil && (err != nil || resp.SW != iso7816.SWOK) {
			t.Fatalf("session with SW %04X and error %v", resp.SW, err)
		}
	})
}
