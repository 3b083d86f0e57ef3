package vchip

import (
	"bytes"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

func TestParseCommand(t *testing.T) {
	data300 := bytes.Repeat([]byte{0xAB}, 300)
	tests := []struct {
		name string
		raw  []byte
		want iso7816.Command
	}{
		{"case 1", []byte{0x00, 0x70, 0x00, 0x00}, iso7816.Command{Ins: 0x70}},
		{"case 2S", []byte{0x00, 0xB0, 0x00, 0x00, 0xDF}, iso7816.Command{Ins: 0xB0, Ne: 0xDF}},
		{"case 2S Le 00", []byte{0x00, 0xB0, 0x00, 0x00, 0x00}, iso7816.Command{Ins: 0xB0, Ne: 256}},
		{"case 3S", []byte{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1E}, iso7816.Command{Ins: 0xA4, P1: 2, P2: 0x0C, Data: []byte{1, 0x1E}}},
		{"case 4S", []byte{0x00, 0x82, 0x00, 0x00, 0x01, 0x55, 0x28}, iso7816.Command{Ins: 0x82, Data: []byte{0x55}, Ne: 0x28}},
		{"case 2E", []byte{0x00, 0xB0, 0x00, 0x00, 0x00, 0x10, 0x00}, iso7816.Command{Ins: 0xB0, Ne: 4096, Extended: true}},
		{"case 2E Le 0000", []byte{0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00}, iso7816.Command{Ins: 0xB0, Ne: 65536, Extended: true}},
		{"case 3E", append([]byte{0x0C, 0xD6, 0x00, 0x00, 0x00, 0x01, 0x2C}, data300...), iso7816.Command{Cla: 0x0C, Ins: 0xD6, Data: data300, Extended: true}},
		{"case 4E", append(append([]byte{0x00, 0x86, 0x00, 0x00, 0x00, 0x01, 0x2C}, data300...), 0x00, 0x00), iso7816.Command{Ins: 0x86, Data: data300, Ne: 65536, Extended: true}},
	}
	for _, tt := range tests {
		got, err := parseCommand(tt.raw)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got.Cla != tt.want.Cla || got.Ins != tt.want.Ins || got.P1 != tt.want.P1 || got.P2 != tt.want.P2 ||
			!bytes.Equal(got.Data, tt.want.Data) || got.Ne != tt.want.Ne || got.Extended != tt.want.Extended {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestParseCommandMalformed(t *testing.T) {
	for _, raw := range [][]byte{
		nil,
		{0x00, 0xB0, 0x00},
		{0x00, 0xB0, 0x00, 0x00, 0x00, 0x01}, // 00 then one byte
		{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01}, // Lc 2, one data byte
		{0x00, 0xA4, 0x02, 0x0C, 0x01, 0x01, 0x00, 0x00},       // one byte too many
		{0x00, 0xD6, 0x00, 0x00, 0x00, 0x00, 0x00, 0xAA},       // extended Lc 0
		{0x00, 0xD6, 0x00, 0x00, 0x00, 0x00, 0x02, 0xAA},       // extended Lc 2, one byte
		{0x00, 0xD6, 0x00, 0x00, 0x00, 0x00, 0x01, 0xAA, 0x00}, // extended Le of one byte
	} {
		if _, err := parseCommand(raw); !errors.Is(err, errMalformedAPDU) {
			t.Errorf("parseCommand(% X) error %v, want errMalformedAPDU", raw, err)
		}
	}
}

// FuzzParseCommand checks that every command the parser accepts encodes back to the
// same bytes (iso7816.Command.Bytes), and that nothing makes it panic.
func FuzzParseCommand(f *testing.F) {
	f.Add([]byte{0x00, 0xB0, 0x00, 0x00, 0x00})
	f.Add([]byte{0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01})
	f.Add([]byte{0x00, 0xB0, 0x00, 0x00, 0x00, 0x10, 0x00})
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := parseCommand(raw)
		if err != nil {
			return
		}
		again, err := c.Bytes()
		if err != nil {
			t.Fatalf("parsed % X into %+v, which does not encode: %v", raw, c, err)
		}
		if !bytes.Equal(again, raw) {
			t.Fatalf("parsed % X, encodes back as % X", raw, again)
		}
	})
}
