package lds

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png"
	"os"
	"reflect"
	"strings"
	"testing"
)

// ICAO 9303-3 / 9303-4 specimen MRZs.
const (
	td3MRZ = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
	td1MRZ = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)

func TestDG1RoundTrip(t *testing.T) {
	for _, mrz := range []string{td3MRZ, td1MRZ} {
		got, err := ParseDG1(EncodeDG1(mrz))
		if err != nil {
			t.Fatalf("ParseDG1: %v", err)
		}
		if got != mrz {
			t.Errorf("ParseDG1 = %q, want %q", got, mrz)
		}
	}
}

func TestParseDG1Errors(t *testing.T) {
	long := strings.Repeat("A", 88)
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"wrong tag", encodeTLV(0x75, encodeTLV(0x5F1F, []byte(long)))},
		{"no 5F1F", encodeTLV(0x61, encodeTLV(0x5F20, []byte(long)))},
		{"bad length", encodeTLV(0x61, encodeTLV(0x5F1F, []byte(long[:87])))},
		{"lower case", encodeTLV(0x61, encodeTLV(0x5F1F, []byte("a"+long[1:])))},
		{"truncated", EncodeDG1(long)[:50]},
		{"indefinite length", []byte{0x61, 0x80, 0x00, 0x00}},
		{"5-byte length", []byte{0x61, 0x85, 1, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseDG1(tt.in); !errors.Is(err, ErrMalformed) {
				t.Errorf("ParseDG1 error = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestCOMRoundTrip(t *testing.T) {
	com, err := ParseCOM(EncodeCOM("0107", []byte{0x61, 0x75, 0x6B, 0x99}))
	if err != nil {
		t.Fatal(err)
	}
	if com.LDSVersion != "0107" || com.UnicodeVersion != "040000" {
		t.Errorf("versions %q %q", com.LDSVersion, com.UnicodeVersion)
	}
	if got := com.DataGroups(); !reflect.DeepEqual(got, []int{1, 2, 11}) {
		t.Errorf("DataGroups = %v", got)
	}
	if !com.Has(11) || com.Has(12) {
		t.Errorf("Has(11) = %v, Has(12) = %v", com.Has(11), com.Has(12))
	}
}

// TestParseCOMHandBuilt parses EF.COM bytes written out by hand (ICAO 9303-10 §4.6.1
// example: LDS 1.7, Unicode 4.0.0, DG1 DG2), with 00 padding after the object.
func TestParseCOMHandBuilt(t *testing.T) {
	in := []byte{0x60, 0x16, 0x5F, 0x01, 0x04, '0', '1', '0', '7', 0x5F, 0x36, 0x06,
		'0', '4', '0', '0', '0', '0', 0x5C, 0x02, 0x61, 0x75, 0x00, 0x00, 0x00, 0x00}
	in[1] = byte(len(in) - 2 - 4)
	com, err := ParseCOM(in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(com.DataGroups(), []int{1, 2}) || com.LDSVersion != "0107" {
		t.Errorf("got %+v", com)
	}
	if _, err := ParseCOM([]byte{0x60, 0x03, 0x5F, 0x01, 0x00}); !errors.Is(err, ErrMalformed) {
		t.Errorf("COM without tag list: %v", err)
	}
}

func TestDG11RoundTrip(t *testing.T) {
	in := AdditionalPersonalDetails{
		FullName:        "HANSEN<<JENS<PETER",
		OtherNames:      []string{"HANSEN<<J", "JENSEN<<JENS"},
		PersonalNumber:  "010190-1234",
		FullDateOfBirth: "19900101",
		PlaceOfBirth:    "KØBENHAVN",
		Address:         "VESTERGADE 1<1456 KØBENHAVN K",
		Profession:      "SMED",
	}
	out, err := ParseDG11(EncodeDG11(in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*out, in) {
		t.Errorf("round trip:\n got %+v\nwant %+v", *out, in)
	}
	if s := out.String(); strings.Contains(s, "HANSEN") {
		t.Errorf("String leaks personal data: %s", s)
	}
}

func TestParseDG11(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    AdditionalPersonalDetails
		wantErr bool
	}{
		{"BCD birth date", encodeTLV(0x6B, encodeTLV(0x5F2B, []byte{0x19, 0x74, 0x08, 0x12})),
			AdditionalPersonalDetails{FullDateOfBirth: "19740812"}, false},
		{"control characters dropped", encodeTLV(0x6B, encodeTLV(0x5F11, []byte("AA\x1b[2JRHUS"))),
			AdditionalPersonalDetails{PlaceOfBirth: "AA[2JRHUS"}, false},
		{"unknown tag skipped", encodeTLV(0x6B, encodeTLV(0x5F50, []byte("x")), encodeTLV(0x5F10, []byte("1"))),
			AdditionalPersonalDetails{PersonalNumber: "1"}, false},
		{"bad BCD", encodeTLV(0x6B, encodeTLV(0x5F2B, []byte{0x19, 0x7A, 0x08, 0x12})), AdditionalPersonalDetails{}, true},
		{"bad date length", encodeTLV(0x6B, encodeTLV(0x5F2B, []byte("197"))), AdditionalPersonalDetails{}, true},
		{"wrong tag", encodeTLV(0x6C), AdditionalPersonalDetails{}, true},
		{"child overruns", []byte{0x6B, 0x03, 0x5F, 0x10, 0x05}, AdditionalPersonalDetails{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDG11(tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrMalformed) {
					t.Errorf("error = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func TestSOD(t *testing.T) {
	sd := []byte{0x30, 0x03, 0x02, 0x01, 0x01}
	got, err := ParseSOD(EncodeSOD(sd))
	if err != nil || !bytes.Equal(got, sd) {
		t.Errorf("ParseSOD = %x, %v", got, err)
	}
	if _, err := ParseSOD(EncodeDG1(td3MRZ)); !errors.Is(err, ErrMalformed) {
		t.Errorf("ParseSOD(DG1) error = %v", err)
	}
}

func TestFileNumbering(t *testing.T) {
	tests := []struct {
		f    File
		dg   int
		sfi  byte
		tag  byte
		name string
	}{
		{COM, 0, 0x1E, 0x60, "EF.COM"},
		{SOD, 0, 0x1D, 0x77, "EF.SOD"},
		{CardAccess, 0, 0x1C, 0, "EF.CardAccess"},
		{DG1, 1, 0x01, 0x61, "DG1"},
		{DG2, 2, 0x02, 0x75, "DG2"},
		{DG11, 11, 0x0B, 0x6B, "DG11"},
		{DG12, 12, 0x0C, 0x6C, "DG12"},
		{DG14, 14, 0x0E, 0x6E, "DG14"},
		{DG15, 15, 0x0F, 0x6F, "DG15"},
		{File(0x3F00), 0, 0, 0, "EF 3F00"},
	}
	for _, tt := range tests {
		if tt.f.DataGroup() != tt.dg || tt.f.SFI() != tt.sfi || tt.f.Tag() != tt.tag || tt.f.String() != tt.name {
			t.Errorf("%04X: dg %d sfi %X tag %X %q", uint16(tt.f), tt.f.DataGroup(), tt.f.SFI(), tt.f.Tag(), tt.f.String())
		}
		if tt.tag != 0 {
			if f, ok := FileForTag(tt.tag); !ok || f != tt.f {
				t.Errorf("FileForTag(%X) = %v, %v", tt.tag, f, ok)
			}
		}
		if tt.dg != 0 {
			if f, ok := DataGroupFile(tt.dg); !ok || f != tt.f {
				t.Errorf("DataGroupFile(%d) = %v", tt.dg, f)
			}
		}
	}
	if _, ok := DataGroupFile(17); ok {
		t.Error("DataGroupFile(17) ok")
	}
}

func TestFileLength(t *testing.T) {
	tests := []struct {
		in   []byte
		want int
	}{
		{[]byte{0x61, 0x5B, 0x5F, 0x1F}, 0x5D},
		{[]byte{0x75, 0x82, 0x4F, 0x10, 0x7F, 0x61}, 0x4F10 + 4},
		{[]byte{0x77, 0x81, 0x90}, 0x93},
		{[]byte{0x7F, 0x61, 0x83, 0x01, 0x00, 0x00}, 0x10000 + 6},
	}
	for _, tt := range tests {
		if got, err := FileLength(tt.in); err != nil || got != tt.want {
			t.Errorf("FileLength(% X) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range [][]byte{nil, {0x61}, {0x75, 0x82, 0x4F}, {0x7F}, {0x61, 0x80}} {
		if _, err := FileLength(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("FileLength(% X) error = %v", bad, err)
		}
	}
}

func testJPEG(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 8), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDG2JPEGRoundTrip(t *testing.T) {
	jpg := testJPEG(t, 24, 32)
	face, err := ParseDG2(EncodeDG2(jpg, JPEG, 24, 32))
	if err != nil {
		t.Fatal(err)
	}
	if face.Format != JPEG || face.Width != 24 || face.Height != 32 || !bytes.Equal(face.Data, jpg) || face.Faces != 1 {
		t.Errorf("face = %v %dx%d faces %d", face.Format, face.Width, face.Height, face.Faces)
	}
	img, err := face.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 24 || b.Dy() != 32 {
		t.Errorf("decoded %v", b)
	}
}

// TestDG2In7F2E reads a record in the constructed tag 7F2E, which ICAO 9303-10
// Table 36 allows instead of 5F2E, with the raw 19794-5 bytes as its value.
func TestDG2In7F2E(t *testing.T) {
	jpg := testJPEG(t, 8, 8)
	dg2 := EncodeDG2(jpg, JPEG, 8, 8)
	i := bytes.Index(dg2, []byte{0x5F, 0x2E})
	dg2[i] = 0x7F
	face, err := ParseDG2(dg2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(face.Data, jpg) {
		t.Error("image differs")
	}
}

func TestDG2JPEG2000(t *testing.T) {
	// Made with OpenJPEG's opj_compress from the PNG beside each, lossless.
	tests := []struct{ file, png string }{
		{"face.jp2", "face.png"}, // JP2 file, RGB
		{"face.j2k", "face.png"}, // bare codestream, RGB
		{"grey.j2k", "grey.png"}, // bare codestream, one component
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			want := readPNG(t, "testdata/"+tt.png)
			data, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			w, h := want.Bounds().Dx(), want.Bounds().Dy()
			face, err := ParseDG2(EncodeDG2(data, JPEG2000, w, h))
			if err != nil {
				t.Fatal(err)
			}
			img, err := face.Decode()
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if img.Bounds() != want.Bounds() {
				t.Fatalf("bounds %v, want %v", img.Bounds(), want.Bounds())
			}
			if d := maxDiff(img, want); d != 0 {
				t.Errorf("largest channel difference %d", d)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	jp2, err := os.ReadFile("testdata/face.jp2")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		face Face
		want error
	}{
		{"truncated JP2", Face{Format: JPEG2000, Data: jp2[:len(jp2)/2]}, nil},
		{"garbage J2K", Face{Format: JPEG2000, Data: []byte{0xFF, 0x4F, 0xFF, 0x51, 0, 0, 1, 2, 3}}, nil},
		{"not JPEG 2000", Face{Format: JPEG2000, Data: []byte("hello")}, nil},
		{"garbage JPEG", Face{Format: JPEG, Data: []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}}, nil},
		{"unknown format", Face{Format: 7, Data: []byte("hello")}, ErrImageFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.face.Decode()
			var ie *ImageError
			if !errors.As(err, &ie) {
				t.Fatalf("error = %v, want *ImageError", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseDG2Errors(t *testing.T) {
	good := EncodeDG2([]byte{0xFF, 0xD8, 0xFF, 0xD9}, JPEG, 1, 1)
	rec := func(mutate func([]byte)) []byte {
		b := bytes.Clone(good)
		i := bytes.Index(b, facFormatID)
		mutate(b[i:])
		return b
	}
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"no 7F61", encodeTLV(0x75, encodeTLV(0x02, []byte{1})), ErrMalformed},
		{"no data block", encodeTLV(0x75, encodeTLV(0x7F61, encodeTLV(0x7F60, encodeTLV(0xA1)))), ErrMalformed},
		{"no template", encodeTLV(0x75, encodeTLV(0x7F61, encodeTLV(0x02, []byte{0}))), ErrNoFace},
		{"not FAC", rec(func(r []byte) { r[0] = 'X' }), ErrMalformed},
		{"version", rec(func(r []byte) { r[5] = '3' }), ErrMalformed},
		{"record too long", rec(func(r []byte) { r[8] = 1 }), ErrMalformed},
		{"no faces", rec(func(r []byte) { r[13] = 0 }), ErrNoFace},
		{"face too long", rec(func(r []byte) { r[14] = 1 }), ErrMalformed},
		{"feature points overrun", rec(func(r []byte) { r[18], r[19] = 0xFF, 0xFF }), ErrMalformed},
		{"truncated", good[:len(good)-2], ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseDG2(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func maxDiff(a, b image.Image) int {
	d := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, p := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}} {
				v := int(p[0]>>8) - int(p[1]>>8)
				d = max(d, v, -v)
			}
		}
	}
	return d
}
