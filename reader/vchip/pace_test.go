package vchip

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// paceSession reads EF.CardAccess, runs PACE as the terminal with pw, and selects the
// eMRTD application through the new channel.
func paceSession(t testing.TB, c *Chip, pw icao.Password) (*icao.Channel, error) {
	t.Helper()
	infos, err := icao.ParseCardAccess(readFile(t, c, uint16(lds.CardAccess), 256))
	if err != nil {
		t.Fatalf("EF.CardAccess: %v", err)
	}
	if len(infos) != 1 {
		t.Fatalf("EF.CardAccess holds %d PACEInfos, want 1", len(infos))
	}
	sm, err := icao.PACE(context.Background(), c, pw, infos[0], rand.Reader)
	if err != nil {
		return nil, err
	}
	ch := icao.NewChannel(c, sm)
	if r := send(t, ch, selectApp); !r.OK() {
		t.Fatalf("select eMRTD under PACE: %04X", r.SW)
	}
	return ch, nil
}

func mrzPassword(t testing.TB, expiry string) icao.Password {
	pw, err := icao.MRZPassword(specimenDoc, specimenBirth, expiry)
	if err != nil {
		t.Fatal(err)
	}
	return pw
}

func TestPACEReadsEveryFile(t *testing.T) {
	for _, tt := range []struct {
		name   string
		cipher string
		param  int
		chunk  int
	}{
		{"AES brainpoolP256r1 Le 223", "", 0, 223},
		{"AES brainpoolP256r1 extended", "aes128", 13, 65536},
		{"3DES NIST P-256", "3des", 12, 231},
		{"AES brainpoolP384r1", "aes128", 15, 223},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newChip(t, func(c *Config) { c.Cipher, c.PACEParameterID, c.Protocol = tt.cipher, tt.param, "pace" })
			ch, err := paceSession(t, c, mrzPassword(t, specimenExpiry))
			if err != nil {
				t.Fatalf("PACE: %v", err)
			}
			for _, fid := range []lds.File{lds.COM, lds.DG1, lds.DG2, lds.DG11, lds.SOD} {
				if got, want := readFile(t, ch, uint16(fid), tt.chunk), fileData(t, c, uint16(fid)); !bytes.Equal(got, want) {
					t.Errorf("%v: read %d bytes, want the %d of the file", fid, len(got), len(want))
				}
			}
		})
	}
}

func TestPACEWrongPasswordThenRight(t *testing.T) {
	c := newChip(t, nil)
	_, err := paceSession(t, c, mrzPassword(t, "940624"))
	if !errors.Is(err, icao.ErrAccessDenied) {
		t.Fatalf("PACE with a wrong expiry date: %v, want ErrAccessDenied", err)
	}
	send(t, c, selectApp)
	if r := send(t, c, []byte{0x00, 0xB0, 0x81, 0x00, 0x04}); r.SW != iso7816.SWSecurityNotSatisfied {
		t.Errorf("read DG1 after failed PACE: %04X, want 6982", r.SW)
	}
	ch, err := paceSession(t, c, mrzPassword(t, specimenExpiry))
	if err != nil {
		t.Fatalf("PACE with the right password after a wrong one: %v", err)
	}
	if got := readFile(t, ch, uint16(lds.DG1), 223); !bytes.Equal(got, fileData(t, c, uint16(lds.DG1))) {
		t.Error("DG1 differs from the file")
	}
}

func TestPACEWithCAN(t *testing.T) {
	c := newChip(t, func(c *Config) { c.CAN = "123456" })
	if _, err := paceSession(t, c, icao.CANPassword("123456")); err != nil {
		t.Fatalf("PACE with the CAN: %v", err)
	}
	c.Reset() // a new session: the reader powers the card down and up
	if _, err := paceSession(t, c, icao.CANPassword("654321")); !errors.Is(err, icao.ErrAccessDenied) {
		t.Errorf("PACE with a wrong CAN: %v, want ErrAccessDenied", err)
	}
	noCAN := newChip(t, nil)
	if _, err := paceSession(t, noCAN, icao.CANPassword("123456")); err == nil {
		t.Error("PACE with a CAN on a chip that has none succeeded")
	}
}

// Under AES secure messaging a short response carries at most 223 plaintext bytes.
func TestPACEShortResponseLimit(t *testing.T) {
	c := newChip(t, nil)
	ch, err := paceSession(t, c, mrzPassword(t, specimenExpiry))
	if err != nil {
		t.Fatal(err)
	}
	send(t, ch, selectEF(uint16(lds.DG2)))
	if r := send(t, ch, readBinary(0, 223)); !r.OK() || len(r.Data) != 223 {
		t.Errorf("Le 223 under AES SM: %04X with %d bytes", r.SW, len(r.Data))
	}
	if r := send(t, ch, readBinary(0, 224)); r.SW != iso7816.SWWrongLength {
		t.Errorf("Le 224 under AES SM: %04X, want 6700", r.SW)
	}
}

func TestBACOnlyChipRefusesPACE(t *testing.T) {
	c := newChip(t, func(c *Config) { c.Protocol = "bac" })
	if r := send(t, c, []byte{0x00, 0x22, 0xC1, 0xA4, 0x03, 0x83, 0x01, 0x01}); r.SW != iso7816.SWInsNotSupported {
		t.Errorf("MSE:Set AT on a BAC-only chip: %04X, want 6D00", r.SW)
	}
}

func TestUnsupportedPACEParameters(t *testing.T) {
	if _, err := New(Config{DocumentNumber: specimenDoc, BirthDate: specimenBirth, ExpiryDate: specimenExpiry,
		PACEParameterID: 2}); !errors.Is(err, ErrConfig) {
		t.Errorf("PACE over classic DH (id 2): %v, want ErrConfig", err)
	}
}
