package icao

import (
	"bytes"
	"encoding/asn1"
	"testing"
)

func TestParseCardAccess(t *testing.T) {
	tests := []struct {
		name string
		der  string
		want []PACEInfo
	}{
		{"ICAO 9303-11 Appendix G.1", appGCardAccess,
			[]PACEInfo{{Protocol: ECDHGenericMapping(AES128), Version: 2, ParameterID: 13}}},
		// A German eID test card (as printed in OpenPACE's examples): terminal
		// authentication, chip authentication, PACE, chip authentication domain
		// parameters and a card info locator, then bytes after the SET.
		{"German eID test card", "318182300D060804007F00070202020201023012060A04007F000702020302020201020201413012060A04007F0007020204020202010202010D301C060904007F000702020302300C060704007F0007010202010D020141302B060804007F0007020206161F655041202D2042447220476D6248202D20546573746B617274652076322E3004491715411928800A01B421FA07000000000000000000000000000000000000201010291010",
			[]PACEInfo{{Protocol: ECDHGenericMapping(AES128), Version: 2, ParameterID: 13}}},
		{"without parameter id", "3111300F060A04007F00070202040204020102",
			[]PACEInfo{{Protocol: ECDHGenericMapping(AES256), Version: 2, ParameterID: -1}}},
		{"empty SET", "3100", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCardAccess(h(t, tt.der))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d infos, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if !got[i].Protocol.Equal(tt.want[i].Protocol) || got[i].Version != tt.want[i].Version || got[i].ParameterID != tt.want[i].ParameterID {
					t.Errorf("info %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseCardAccessRejects(t *testing.T) {
	for name, der := range map[string]string{
		"empty":                 "",
		"SEQUENCE not SET":      "30143012060A04007F0007020204020202010202010D",
		"truncated":             "31143012060A04007F0007020204020202010202",
		"element not SEQUENCE":  "31030201 02",
		"info without OID":      "310530030201 02",
		"version not INTEGER":   "3113 3011060A04007F000702020402020401FF02010D",
		"negative parameter id": "3114 3012060A04007F00070202040202020102 0201F3",
		"four fields":           "3117 3015060A04007F00070202040202020102 02010D 020100",
	} {
		if _, err := ParseCardAccess(h(t, der)); err == nil {
			t.Errorf("%s: accepted", name)
		} else {
			wantErr(t, err, ErrCardAccess)
		}
	}
}

func TestEncodeCardAccess(t *testing.T) {
	// The encoding of the Appendix G.1 PACEInfo is byte for byte the example's.
	got, err := EncodeCardAccess([]PACEInfo{{Protocol: ECDHGenericMapping(AES128), Version: 2, ParameterID: 13}})
	if err != nil || !bytes.Equal(got, h(t, appGCardAccess)) {
		t.Fatalf("EncodeCardAccess = %X, %v", got, err)
	}
	infos := []PACEInfo{
		{Protocol: ECDHGenericMapping(AES256), Version: 2, ParameterID: ParamNISTP521},
		{Protocol: ECDHGenericMapping(TripleDES), Version: 2, ParameterID: -1},
		{Protocol: ECDHGenericMapping(AES128), Version: 2, ParameterID: 0},
	}
	der, err := EncodeCardAccess(infos)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseCardAccess(der)
	if err != nil || len(back) != len(infos) {
		t.Fatalf("round trip: %v, %v", back, err)
	}
	for _, want := range infos {
		found := false
		for _, g := range back {
			found = found || (g.Protocol.Equal(want.Protocol) && g.ParameterID == want.ParameterID)
		}
		if !found {
			t.Errorf("%+v lost in the round trip", want)
		}
	}
	if _, err := EncodeCardAccess([]PACEInfo{{Protocol: asn1.ObjectIdentifier{1}}}); err == nil {
		t.Error("encoded an invalid OID")
	}
}

func TestPACEInfoHelpers(t *testing.T) {
	for _, tt := range []struct {
		info    PACEInfo
		cipher  Cipher
		keyLen  int
		mapping Mapping
	}{
		{paceInfo(TripleDES, 13), TripleDES, 16, GenericMapping},
		{paceInfo(AES192, 13), AES192, 24, GenericMapping},
		{PACEInfo{Protocol: append(append(asn1.ObjectIdentifier{}, idPACE...), arcECDHCAM, 4)}, AES256, 32, ChipAuthenticationMapping},
		{PACEInfo{Protocol: DHIntegratedMapping(AES192)}, AES192, 24, IntegratedMapping},
		{PACEInfo{Protocol: ECDHIntegratedMapping(AES256)}, AES256, 32, IntegratedMapping},
		{PACEInfo{Protocol: DHGenericMapping(TripleDES)}, TripleDES, 16, GenericMapping},
		{PACEInfo{Protocol: asn1.ObjectIdentifier{1, 2, 3}}, 0, 0, MappingUnknown},
	} {
		if tt.info.Cipher() != tt.cipher || tt.info.KeyLength() != tt.keyLen || tt.info.Mapping() != tt.mapping {
			t.Errorf("%v: %v %d %v", tt.info.Protocol, tt.info.Cipher(), tt.info.KeyLength(), tt.info.Mapping())
		}
	}
}

// FuzzParseCardAccess: EF.CardAccess comes from the chip, before any
// authentication; the parser must never panic, and what it accepts must encode.
func FuzzParseCardAccess(f *testing.F) {
	f.Add(h(f, appGCardAccess))
	f.Add(h(f, "3111300F060A04007F00070202040204020102"))
	f.Add(h(f, "318182300D060804007F00070202020201023012060A04007F000702020302020201020201413012060A04007F0007020204020202010202010D"))
	f.Add([]byte{0x31, 0x80})
	f.Fuzz(func(t *testing.T, der []byte) {
		infos, err := ParseCardAccess(der)
		if err != nil {
			return
		}
		for _, info := range infos {
			_ = info.Mapping()
			_ = info.KeyLength()
		}
		if _, err := EncodeCardAccess(infos); err != nil {
			t.Fatalf("accepted infos do not encode: %v", err)
		}
	})
}
