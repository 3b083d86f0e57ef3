package auth

import (
	"crypto"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
)

// TestCheckCardAccess compares EF.CardAccess with DG14's signed PACEInfos (ICAO
// 9303-11 §9.2): equal passes, an altered or missing EF.CardAccess fails, and a
// DG14 without PACEInfo cannot be checked.
func TestCheckCardAccess(t *testing.T) {
	aes := icao.PACEInfo{Protocol: icao.ECDHGenericMapping(icao.AES128), Version: 2, ParameterID: 13}
	tdes := icao.PACEInfo{Protocol: icao.ECDHGenericMapping(icao.TripleDES), Version: 2, ParameterID: 13}
	nist := aes
	nist.ParameterID = 12
	cardAccess := func(infos ...icao.PACEInfo) []byte {
		b, err := icao.EncodeCardAccess(infos)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	dg14 := func(infos ...icao.PACEInfo) []byte {
		b, err := EncodeDG14WithPACE(nil, crypto.SHA256, infos)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tt := range []struct {
		name             string
		cardAccess, dg14 []byte
		want             CheckStatus
		mismatch         bool
	}{
		{"same PACEInfo", cardAccess(aes), dg14(aes), Passed, false},
		{"DG14 signs more", cardAccess(aes), dg14(aes, tdes), Passed, false},
		{"cipher downgraded", cardAccess(tdes), dg14(aes), Failed, true},
		{"curve changed", cardAccess(nist), dg14(aes), Failed, true},
		{"one of two altered", cardAccess(aes, nist), dg14(aes, tdes), Failed, true},
		{"PACE hidden, BAC run", nil, dg14(aes), Failed, true},
		{"garbled EF.CardAccess", []byte{0x31, 0x05, 0x30}, dg14(aes), Failed, true},
		{"DG14 without PACEInfo", cardAccess(aes), dg14(), NotSupported, false},
		{"no PACE at all", nil, dg14(), NotSupported, false},
		{"no DG14", cardAccess(aes), nil, NotSupported, false},
		{"garbled DG14", cardAccess(aes), []byte{0x6E, 0x03, 0x31, 0x01}, Failed, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := CheckCardAccess(tt.cardAccess, tt.dg14)
			if r.Status != tt.want || errors.Is(r.Err, ErrCardAccessMismatch) != tt.mismatch {
				t.Errorf("%s (%v), want %s (mismatch %v)", r.Status, r.Err, tt.want, tt.mismatch)
			}
		})
	}
}

// TestDG14PACEInfosRoundTrip: what EncodeDG14WithPACE writes, DG14PACEInfos reads
// back, and ParseDG14 still finds the chip and active authentication entries beside it.
func TestDG14PACEInfosRoundTrip(t *testing.T) {
	want := []icao.PACEInfo{
		{Protocol: icao.ECDHGenericMapping(icao.AES128), Version: 2, ParameterID: 13},
		{Protocol: icao.DHGenericMapping(icao.TripleDES), Version: 2, ParameterID: -1},
	}
	b, err := EncodeDG14WithPACE(nil, crypto.SHA256, want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DG14PACEInfos(b)
	if err != nil || len(got) != 2 {
		t.Fatalf("%v, %v", got, err)
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || samePACEInfo(g, w)
		}
		if !found {
			t.Errorf("%v not read back from %v", w, got)
		}
	}
	opts, err := ParseDG14(b)
	if err != nil || opts.ActiveAuthHash != crypto.SHA256 {
		t.Errorf("ParseDG14 beside PACEInfos: %+v, %v", opts, err)
	}
}

// FuzzCheckCardAccess: arbitrary EF.CardAccess and DG14 never panic, and a mismatch
// is never reported as passed.
func FuzzCheckCardAccess(f *testing.F) {
	aes := icao.PACEInfo{Protocol: icao.ECDHGenericMapping(icao.AES128), Version: 2, ParameterID: 13}
	ca, _ := icao.EncodeCardAccess([]icao.PACEInfo{aes})
	dg, _ := EncodeDG14WithPACE(nil, crypto.SHA256, []icao.PACEInfo{aes})
	f.Add(ca, dg)
	f.Add([]byte{}, dg)
	f.Add(ca, []byte{0x6E, 0x00})
	f.Fuzz(func(t *testing.T, cardAccess, dg14 []byte) {
		r := CheckCardAccess(cardAccess, dg14)
		if r.Status == Passed && errors.Is(r.Err, ErrCardAccessMismatch) {
			t.Fatalf("passed with a mismatch: %v", r.Err)
		}
	})
}
