package icao

import (
	"bytes"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want iso7816.Command
	}{
		{"case 1", "00A40000", iso7816.Command{Ins: 0xA4}},
		{"case 2 short", "00B0000004", iso7816.Command{Ins: 0xB0, Ne: 4}},
		{"case 2 short Le 00", "00B0000000", iso7816.Command{Ins: 0xB0, Ne: 256}},
		{"case 3 short", "00A4020C02011E", iso7816.Command{Ins: 0xA4, P1: 2, P2: 0x0C, Data: []byte{1, 0x1E}}},
		{"case 4 short", "10860000027C0000", iso7816.Command{Cla: 0x10, Ins: 0x86, Data: []byte{0x7C, 0}, Ne: 256}},
		{"case 2 extended", "00B00000000400", iso7816.Command{Ins: 0xB0, Ne: 1024, Extended: true}},
		{"case 2 extended Le 0000", "00B00000000000", iso7816.Command{Ins: 0xB0, Ne: 65536, Extended: true}},
		{"case 3 extended", "00D600000000020102", iso7816.Command{Ins: 0xD6, Data: []byte{1, 2}, Extended: true}},
		{"case 4 extended", "00D6000000000201020000", iso7816.Command{Ins: 0xD6, Data: []byte{1, 2}, Ne: 65536, Extended: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCommand(h(t, tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if got.Cla != tt.want.Cla || got.Ins != tt.want.Ins || got.P1 != tt.want.P1 || got.P2 != tt.want.P2 ||
				!bytes.Equal(got.Data, tt.want.Data) || got.Ne != tt.want.Ne || got.Extended != tt.want.Extended {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			back, _ := got.Bytes()
			if !bytes.Equal(back, h(t, tt.raw)) {
				t.Errorf("re-encoded %X", back)
			}
		})
	}
	for _, bad := range []string{"", "00B000", "00A4020C03011E", "00A4020C02011E0000", "00D6000000000000", "00D600000000040102", "00B000000000"} {
		if _, err := parseCommand(h(t, bad)); err == nil {
			t.Errorf("parseCommand(%s) accepted", bad)
		}
	}
}

func TestTLV(t *testing.T) {
	for _, n := range []int{0, 1, 127, 128, 255, 256, 65535, 65536} {
		enc := appendTLV(nil, 0x7F49, make([]byte, n))
		obj, rest, err := parseTLV(enc)
		if err != nil || len(rest) != 0 || obj.tag != 0x7F49 || len(obj.value) != n || !bytes.Equal(obj.raw, enc) {
			t.Errorf("length %d: %v", n, err)
		}
	}
	for _, bad := range []string{"", "87", "8705010203", "5F", "5F8101", "8780", "8784000000000001", "878201"} {
		if _, _, err := parseTLV(h(t, bad)); err == nil {
			t.Errorf("parseTLV(%s) accepted", bad)
		}
	}
}
