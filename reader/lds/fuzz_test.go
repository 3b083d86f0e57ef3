package lds

import (
	"errors"
	"os"
	"testing"
)

// The fuzz targets check that no card answer makes a parser panic, and that every
// error a parser returns is one of the documented kinds.

func FuzzParseDG1(f *testing.F) {
	f.Add(EncodeDG1(td3MRZ))
	f.Add(EncodeDG1(td1MRZ))
	f.Add([]byte{0x61, 0x81})
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := ParseDG1(b); err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("undocumented error %v", err)
		}
	})
}

func FuzzParseDG2(f *testing.F) {
	f.Add(EncodeDG2(testJPEG(f, 8, 8), JPEG, 8, 8))
	f.Add(EncodeDG2([]byte{0xFF, 0x4F, 0xFF, 0x51}, JPEG2000, 1, 1))
	for _, name := range []string{"testdata/face.jp2", "testdata/grey.j2k"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(EncodeDG2(b, JPEG2000, 16, 12))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		face, err := ParseDG2(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrNoFace) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		if len(face.Data) == 0 {
			t.Fatal("face without data")
		}
		if _, err := face.Decode(); err != nil {
			var ie *ImageError
			if !errors.As(err, &ie) {
				t.Fatalf("Decode error %v is no *ImageError", err)
			}
		}
	})
}

func FuzzParseDG11(f *testing.F) {
	f.Add(EncodeDG11(AdditionalPersonalDetails{FullName: "A<<B", OtherNames: []string{"C"}, FullDateOfBirth: "20000101"}))
	f.Add([]byte{0x6B, 0x04, 0x5F, 0x2B, 0x01, 0x99})
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := ParseDG11(b); err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("undocumented error %v", err)
		}
	})
}

func FuzzParseCOM(f *testing.F) {
	f.Add(EncodeCOM("0107", []byte{0x61, 0x75}))
	f.Add([]byte{0x60, 0x82, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		com, err := ParseCOM(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		for _, n := range com.DataGroups() {
			if n < 1 || n > 16 {
				t.Fatalf("data group %d", n)
			}
		}
	})
}
