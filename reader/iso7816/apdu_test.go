package iso7816

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCommandBytes covers the four cases of ISO/IEC 7816-4 §5.1 in short and extended
// form, with the boundary values of Lc and Le.
func TestCommandBytes(t *testing.T) {
	data255 := bytes.Repeat([]byte{0xAB}, 255)
	data256 := bytes.Repeat([]byte{0xCD}, 256)
	tests := []struct {
		name string
		cmd  Command
		want string // hex
	}{
		{"case 1", Command{Cla: 0x00, Ins: 0xA4, P1: 0x04, P2: 0x0C}, "00A4040C"},
		{"case 1 forced extended stays 4 bytes", Command{Ins: 0x44, Extended: true}, "00440000"},
		{"case 2 short Le 1", Command{Ins: 0x84, Ne: 1}, "0084000001"},
		{"case 2 short get challenge", Command{Ins: 0x84, Ne: 8}, "0084000008"},
		{"case 2 short Le 256 is 00", Command{Ins: 0xB0, Ne: 256}, "00B0000000"},
		{"case 2 extended Le 257", Command{Ins: 0xB0, Ne: 257}, "00B00000000101"},
		{"case 2 extended Le 65536 is 0000", Command{Ins: 0xB0, Ne: 65536}, "00B00000000000"},
		{"case 2 forced extended", Command{Ins: 0xB0, Ne: 223, Extended: true}, "00B000000000DF"},
		{"case 3 short select eMRTD AID", Command{Ins: 0xA4, P1: 0x04, P2: 0x0C, Data: unhex(t, "A0000002471001")},
			"00A4040C07A0000002471001"},
		{"case 3 short Lc 255", Command{Ins: 0xD6, Data: data255}, "00D60000FF" + hex.EncodeToString(data255)},
		{"case 3 extended Lc 256", Command{Ins: 0xD6, Data: data256}, "00D6000000" + "0100" + hex.EncodeToString(data256)},
		{"case 4 short external authenticate", Command{Ins: 0x82, Data: []byte{1, 2, 3}, Ne: 40}, "008200000301020328"},
		{"case 4 short Le 256", Command{Ins: 0x88, Data: []byte{9}, Ne: 256}, "00880000010900"},
		{"case 4 extended by Ne", Command{Ins: 0x86, Data: []byte{7, 8}, Ne: 300}, "0086000000000207080" + "12C"},
		{"case 4 extended by data", Command{Ins: 0x86, Data: data256, Ne: 1}, "0086000000" + "0100" + hex.EncodeToString(data256) + "0001"},
		{"case 4 extended Le 65536", Command{Ins: 0x86, Data: []byte{1}, Ne: 65536}, "00860000000001010000"},
		{"case 4 forced extended", Command{Cla: 0x0C, Ins: 0xB0, Data: []byte{0x97, 0x01, 0x00}, Ne: 256, Extended: true},
			"0CB00000000003970100" + "0100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.cmd.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if w := unhex(t, tt.want); !bytes.Equal(got, w) {
				t.Errorf("Bytes = %X, want %X", got, w)
			}
			back, err := ParseCommand(got)
			if err != nil {
				t.Fatalf("ParseCommand(Bytes) = %v", err)
			}
			if again, _ := back.Bytes(); !bytes.Equal(again, got) {
				t.Errorf("Bytes(ParseCommand(Bytes)) = %X, want %X", again, got)
			}
		})
	}
}

func TestCommandBytesInvalid(t *testing.T) {
	for _, c := range []Command{
		{Ne: -1}, {Ne: 65537}, {Data: make([]byte, 65536)},
	} {
		if _, err := c.Bytes(); !errors.Is(err, ErrInvalidCommand) {
			t.Errorf("Bytes(Ne %d, %d data bytes) error = %v, want ErrInvalidCommand", c.Ne, len(c.Data), err)
		}
	}
}

func TestParseResponse(t *testing.T) {
	tests := []struct {
		name, raw string
		data      string
		sw        uint16
	}{
		{"status only", "9000", "", 0x9000},
		{"data and status", "0102039000", "010203", 0x9000},
		{"file not found", "6A82", "", 0x6A82},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseResponse(unhex(t, tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(r.Data, unhex(t, tt.data)) || r.SW != tt.sw {
				t.Errorf("ParseResponse = %X %04X", r.Data, r.SW)
			}
			if !bytes.Equal(r.Bytes(), unhex(t, tt.raw)) {
				t.Errorf("Bytes = %X, want %s", r.Bytes(), tt.raw)
			}
			if r.OK() != (tt.sw == SWOK) {
				t.Errorf("OK = %v", r.OK())
			}
		})
	}
	for _, raw := range [][]byte{nil, {0x90}} {
		if _, err := ParseResponse(raw); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseResponse(%X) error = %v, want ErrMalformed", raw, err)
		}
	}
}

// TestParseResponseDataIsCapped checks that appending to Data cannot overwrite the
// status word in the caller's buffer.
func TestParseResponseDataIsCapped(t *testing.T) {
	raw := []byte{1, 2, 0x90, 0x00}
	r, _ := ParseResponse(raw)
	_ = append(r.Data, 0xEE)
	if raw[2] != 0x90 {
		t.Errorf("append to Data changed the input: %X", raw)
	}
}

// TestParseCommandCases parses each case of ISO/IEC 7816-4 §5.1 and encodes it back.
func TestParseCommandCases(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want Command
	}{
		{"case 1", "00A40000", Command{Ins: 0xA4}},
		{"case 2 short", "00B0000004", Command{Ins: 0xB0, Ne: 4}},
		{"case 2 short Le 00", "00B0000000", Command{Ins: 0xB0, Ne: 256}},
		{"case 3 short", "00A4020C02011E", Command{Ins: 0xA4, P1: 2, P2: 0x0C, Data: []byte{1, 0x1E}}},
		{"case 4 short", "10860000027C0000", Command{Cla: 0x10, Ins: 0x86, Data: []byte{0x7C, 0}, Ne: 256}},
		{"case 2 extended", "00B00000000400", Command{Ins: 0xB0, Ne: 1024, Extended: true}},
		{"case 2 extended Le 0000", "00B00000000000", Command{Ins: 0xB0, Ne: 65536, Extended: true}},
		{"case 3 extended", "00D600000000020102", Command{Ins: 0xD6, Data: []byte{1, 2}, Extended: true}},
		{"case 4 extended", "00D6000000000201020000", Command{Ins: 0xD6, Data: []byte{1, 2}, Ne: 65536, Extended: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCommand(unhex(t, tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if got.Cla != tt.want.Cla || got.Ins != tt.want.Ins || got.P1 != tt.want.P1 || got.P2 != tt.want.P2 ||
				!bytes.Equal(got.Data, tt.want.Data) || got.Ne != tt.want.Ne || got.Extended != tt.want.Extended {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			back, _ := got.Bytes()
			if !bytes.Equal(back, unhex(t, tt.raw)) {
				t.Errorf("re-encoded %X", back)
			}
		})
	}
	for _, bad := range []string{"", "00B000", "00A4020C03011E", "00A4020C02011E0000", "00D6000000000000", "00D600000000040102", "00B000000000"} {
		if _, err := ParseCommand(unhex(t, bad)); err == nil {
			t.Errorf("ParseCommand(%s) accepted", bad)
		}
	}
}

func TestParseCommandMalformed(t *testing.T) {
	for _, raw := range []string{
		"", "00A404", // no header
		"00A4040C05A000",                 // Lc 5, 2 data bytes
		"00A4040C02A00000FF",             // Lc 2 with 4 bytes after
		"00B00000" + "0001",              // extended field truncated
		"00D60000" + "000000" + "01",     // extended Lc 0
		"00D60000" + "000003" + "0102",   // extended Lc 3, 2 data bytes
		"00D60000" + "000002" + "010203", // 1 byte where Le needs 2
	} {
		if _, err := ParseCommand(unhex(t, raw)); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseCommand(%s) error = %v, want ErrMalformed", raw, err)
		}
	}
}
