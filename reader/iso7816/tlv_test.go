package iso7816

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// dg1Bytes is EF.DG1 of the ICAO 9303-11 Appendix D BAC example: template 61 holding
// the MRZ as data object 5F1F (ICAO 9303-10, DG1).
func dg1Bytes(t testing.TB) []byte {
	mrz := "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<" + "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"
	return append(unhex(t, "615B5F1F58"), mrz...)
}

func TestParseTLVDG1(t *testing.T) {
	b := append(dg1Bytes(t), 0xAA) // one byte after the object
	obj, rest, err := ParseTLV(b)
	if err != nil {
		t.Fatal(err)
	}
	if obj.Tag != 0x61 || !obj.Constructed() || len(obj.Children) != 1 {
		t.Fatalf("ParseTLV = tag %X constructed %v children %d", obj.Tag, obj.Constructed(), len(obj.Children))
	}
	if !bytes.Equal(rest, []byte{0xAA}) {
		t.Errorf("rest = %X, want AA", rest)
	}
	mrz, ok := obj.Find(0x5F1F)
	if !ok || len(mrz.Value) != 88 || !strings.HasPrefix(string(mrz.Value), "P<UTOERIKSSON") || mrz.Children != nil {
		t.Errorf("Find(5F1F) = %v %q", ok, mrz.Value)
	}
	if !bytes.Equal(obj.Bytes(), dg1Bytes(t)) {
		t.Errorf("Bytes() does not give the input back")
	}
}

func TestParseTLVForms(t *testing.T) {
	long := bytes.Repeat([]byte{7}, 300)
	tests := []struct {
		name  string
		in    []byte
		tag   uint32
		value []byte
	}{
		{"one-byte tag, short length", unhex(t, "800101"), 0x80, []byte{1}},
		{"empty value", unhex(t, "8000"), 0x80, []byte{}},
		{"two-byte tag", unhex(t, "5F1F0141"), 0x5F1F, []byte{0x41}},
		{"three-byte tag", unhex(t, "1F81010142"), 0x1F8101, []byte{0x42}},
		{"four-byte tag", unhex(t, "5F8180010143"), 0x5F818001, []byte{0x43}},
		{"length 81", append(unhex(t, "538180"), long[:128]...), 0x53, long[:128]},
		{"length 81 not minimal", unhex(t, "53810109"), 0x53, []byte{9}},
		{"length 82", append(unhex(t, "5382012C"), long...), 0x53, long},
		{"length 83", append(unhex(t, "538300012C"), long...), 0x53, long},
		{"length 84", append(unhex(t, "53840000012C"), long...), 0x53, long},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, rest, err := ParseTLV(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if obj.Tag != tt.tag || !bytes.Equal(obj.Value, tt.value) || len(rest) != 0 {
				t.Errorf("ParseTLV = %X %X rest %X", obj.Tag, obj.Value, rest)
			}
		})
	}
}

func TestParseTLVMalformed(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"tag only", "80"},
		{"multi-byte tag truncated", "5F"},
		{"multi-byte tag unterminated", "5F81"},
		{"tag of five bytes", "5F8181818101"},
		{"tag with leading zero byte", "5F801F0100"},
		{"indefinite length", "30800000"},
		{"length 85", "538500000000010102"},
		{"long length truncated", "538201"},
		{"value truncated", "530301"},
		{"long length beyond input", "5384FFFFFFFF01"},
		{"child overruns parent", "3003800501"},
		{"garbage in constructed", "30025F"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := ParseTLV(unhex(t, tt.in)); !errors.Is(err, ErrMalformed) {
				t.Errorf("ParseTLV(%s) error = %v, want ErrMalformed", tt.in, err)
			}
		})
	}
}

// nested wraps a primitive object in n constructed 30 objects.
func nested(n int) []byte {
	b := []byte{0x80, 0x00}
	for range n {
		b = EncodeTLV(0x30, b)
	}
	return b
}

func TestParseTLVDepth(t *testing.T) {
	if _, _, err := ParseTLV(nested(MaxDepth)); err != nil {
		t.Errorf("nesting of %d: %v", MaxDepth, err)
	}
	if _, _, err := ParseTLV(nested(MaxDepth + 1)); !errors.Is(err, ErrMalformed) {
		t.Errorf("nesting of %d: error = %v, want ErrMalformed", MaxDepth+1, err)
	}
}

func TestParseTLVsPaddingAndFind(t *testing.T) {
	// ISO/IEC 7816-4: 00 and FF may stand before, between and after objects.
	in := unhex(t, "00FF"+"8001AA"+"00"+"7F6106"+"FF"+"5F2E02BBCC"+"FF"+"0000")
	list, err := ParseTLVs(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Tag != 0x80 || list[1].Tag != 0x7F61 {
		t.Fatalf("ParseTLVs = %+v", list)
	}
	if f, ok := Find(list, 0x5F2E); !ok || !bytes.Equal(f.Value, []byte{0xBB, 0xCC}) {
		t.Errorf("Find(5F2E) = %X, %v", f.Value, ok)
	}
	if _, ok := Find(list, 0x5F1F); ok {
		t.Error("Find(5F1F) found an absent tag")
	}
	empty, err := ParseTLVs(nil)
	if err != nil || len(empty) != 0 {
		t.Errorf("ParseTLVs(nil) = %v, %v", empty, err)
	}
	// A constructed object with no children is still constructed.
	obj, _, err := ParseTLV(unhex(t, "3000"))
	if err != nil || obj.Children == nil || !obj.Constructed() {
		t.Errorf("ParseTLV(3000) = %+v, %v", obj, err)
	}
}

func TestEncodeLength(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "00"}, {127, "7F"}, {128, "8180"}, {255, "81FF"}, {256, "820100"},
		{65535, "82FFFF"}, {65536, "83010000"}, {1<<24 - 1, "83FFFFFF"}, {1 << 24, "8401000000"},
		{-1, ""},
	}
	for _, tt := range tests {
		got := EncodeLength(tt.n)
		if !bytes.Equal(got, unhex(t, tt.want)) {
			t.Errorf("EncodeLength(%d) = %X, want %s", tt.n, got, tt.want)
		}
		if tt.n < 0 {
			continue
		}
		if n, size, err := ParseLength(got); err != nil || n != tt.n || size != len(got) {
			t.Errorf("ParseLength(EncodeLength(%d)) = %d, %d, %v", tt.n, n, size, err)
		}
	}
}

func TestEncodeTag(t *testing.T) {
	for _, tt := range []struct {
		tag  uint32
		want string
	}{{0, "00"}, {0x61, "61"}, {0x5F1F, "5F1F"}, {0x7F61, "7F61"}, {0x1F8101, "1F8101"}, {0x5F818001, "5F818001"}} {
		if got := EncodeTag(tt.tag); !bytes.Equal(got, unhex(t, tt.want)) {
			t.Errorf("EncodeTag(%X) = %X, want %s", tt.tag, got, tt.want)
		}
	}
}

func TestTLVBytesFromTree(t *testing.T) {
	tree := TLV{Tag: 0x7F61, Children: []TLV{
		{Tag: 0x02, Value: []byte{1}},
		{Tag: 0x7F60, Children: []TLV{{Tag: 0x5F2E, Value: []byte("face")}}},
	}}
	want := unhex(t, "7F610D"+"020101"+"7F6007"+"5F2E04"+"66616365")
	if got := tree.Bytes(); !bytes.Equal(got, want) {
		t.Errorf("Bytes = %X, want %X", got, want)
	}
}
