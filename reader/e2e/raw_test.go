package e2e

import (
	"bytes"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/pcsc"
)

// testRawVPCD moves plain APDUs through the whole PC/SC stack: SELECT and READ BINARY of
// EF.CardAccess, which needs no access control, and a refused read of DG1.
func testRawVPCD(t *testing.T) {
	ic := insert(t, specimen())
	pc, err := pcsc.Open()
	if err != nil {
		t.Fatalf("PC/SC: %v", err)
	}
	defer pc.Close()
	card, err := pc.Connect(ic.reader)
	if err != nil {
		t.Fatalf("connect to %q: %v", ic.reader, err)
	}
	defer card.Close()
	if atr, err := card.ATR(); err != nil || !bytes.Equal(atr, ic.chip.ATR()) {
		t.Errorf("ATR through pcscd = % X (%v), want % X", atr, err, ic.chip.ATR())
	}
	steps := []struct {
		name string
		apdu []byte
		sw   uint16
	}{
		{"select EF.CardAccess", []byte{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1C}, iso7816.SWOK},
		{"read EF.CardAccess", []byte{0x00, 0xB0, 0x00, 0x00, 0x00}, iso7816.SWOK},
		{"select eMRTD", []byte{0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01}, iso7816.SWOK},
		{"read DG1 by SFI before access control", []byte{0x00, 0xB0, 0x81, 0x00, 0x00}, iso7816.SWSecurityNotSatisfied},
	}
	for _, s := range steps {
		raw, err := card.Transmit(t.Context(), s.apdu)
		if err != nil {
			t.Fatalf("%s: transmit: %v", s.name, err)
		}
		r, err := iso7816.ParseResponse(raw)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if r.SW != s.sw {
			t.Fatalf("%s: SW %04X, want %04X", s.name, r.SW, s.sw)
		}
		if s.name == "read EF.CardAccess" && (len(r.Data) < 2 || r.Data[0] != 0x31) {
			t.Errorf("%s: % X is not a SET of SecurityInfos", s.name, r.Data)
		}
	}
}
