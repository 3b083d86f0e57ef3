package icao

import (
	"bytes"
	"context"
	"math/big"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// ICAO 9303-11 Appendix G.1: PACE, ECDH generic mapping on brainpoolP256r1 with
// AES-128 (id-PACE-ECDH-GM-AES-CBC-CMAC-128, parameter id 13), MRZ password of
// T22000129 / 640812 / 101031.
const (
	appGCardAccess = "31143012060A04007F0007020204020202010202010D"
	appGNonce      = "3F00C4D39D153F2B2A214A078D899B22"
	appGEncNonce   = "95A3A016522EE98D01E76CB6B98B42C3"
	appGTermMapSK  = "7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99"
	appGTermMapPK  = "04 7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E" +
		"544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D"
	appGChipMapSK = "498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560"
	appGChipMapPK = "04 824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57" +
		"30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"
	appGH = "04 60332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5" +
		"0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181"
	appGMappedG = "04 8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2" +
		"8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522"
	appGTermEphSK = "A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595"
	appGTermEphPK = "04 2DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C" +
		"3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462"
	appGChipEphSK = "107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A"
	appGChipEphPK = "04 9E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB" +
		"7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"
	appGShared = "28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925"
	appGKSEnc  = "F5F0E35C0D7161EE6724EE513A0D9A7F"
	appGKSMac  = "FE251C7858B356B24514B3BD5F4297D1"
	appGTIFD   = "C2B0BD78D94BA866"
	appGTIC    = "3ABB9674BCE93C08"
)

// appGTranscript is the exchange of the example as G.1 prints it: command, answer.
var appGTranscript = []exchange{
	{"0022C1A4 0F 800A04007F00070202040202 830101", "9000"},
	{"10860000 02 7C00 00", "7C12 8010" + appGEncNonce + "9000"},
	{"10860000 45 7C43 8141" + appGTermMapPK + "00", "7C43 8241" + appGChipMapPK + "9000"},
	{"10860000 45 7C43 8341" + appGTermEphPK + "00", "7C43 8441" + appGChipEphPK + "9000"},
	{"00860000 0C 7C0A 8508" + appGTIFD + "00", "7C0A 8608" + appGTIC + "9000"},
}

// appGTerminalTranscript is appGTranscript with our MSE:Set AT, which adds DO'84'.
func appGTerminalTranscript() []exchange {
	steps := append([]exchange(nil), appGTranscript...)
	steps[0].command = "0022C1A4 12 800A04007F00070202040202 830101 84010D"
	return steps
}

func appGInfo(t *testing.T) PACEInfo {
	t.Helper()
	infos, err := ParseCardAccess(h(t, appGCardAccess))
	if err != nil || len(infos) != 1 {
		t.Fatalf("EF.CardAccess: %v, %v", infos, err)
	}
	return infos[0]
}

func appGPassword(t *testing.T) Password {
	t.Helper()
	pw, err := MRZPassword("T22000129", "640812", "101031")
	if err != nil {
		t.Fatal(err)
	}
	return pw
}

// TestAppendixGSteps checks each intermediate value of the example.
func TestAppendixGSteps(t *testing.T) {
	info := appGInfo(t)
	if info.Cipher() != AES128 || info.Mapping() != GenericMapping || !info.ECDH() || info.ParameterID != 13 || info.Version != 2 {
		t.Fatalf("PACEInfo %+v: cipher %v mapping %v", info, info.Cipher(), info.Mapping())
	}
	pw := appGPassword(t)
	cv, _ := curveByID(ParamBrainpoolP256r1)
	scalar := func(s string) *big.Int { return new(big.Int).SetBytes(h(t, s)) }
	kpi := DeriveKey(pw.Key, AES128, KPi)
	block, _ := newBlock(AES128, kpi)
	s, _ := cbcDecrypt(block, make([]byte, 16), h(t, appGEncNonce))
	termMap, _ := cv.Decode(h(t, appGTermMapPK))
	chipMap, _ := cv.Decode(h(t, appGChipMapPK))
	hPoint := cv.ScalarMult(chipMap, scalar(appGTermMapSK))
	mapped, err := (&ecGroup{cv: cv, g: cv.Generator()}).mapNonce(s, scalar(appGTermMapSK), h(t, appGChipMapPK))
	if err != nil {
		t.Fatal(err)
	}
	gHat := mapped.(*ecGroup).g
	chipEph, _ := cv.Decode(h(t, appGChipEphPK))
	shared := cv.ScalarMult(chipEph, scalar(appGTermEphSK))
	keys := derivePACEKeys(AES128, cv.FieldBytes(shared.X))
	tIFD, _ := authToken(AES128, keys.mac, info.Protocol, 0x86, h(t, appGChipEphPK))
	tIC, _ := authToken(AES128, keys.mac, info.Protocol, 0x86, h(t, appGTermEphPK))

	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"K = SHA-1(MRZ information)", pw.Key, "7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD"},
		{"Kπ", kpi, "89DED1B26624EC1E634C1989302849DD"},
		{"decrypted nonce s", s, appGNonce},
		{"terminal mapping key", cv.Encode(cv.ScalarMult(cv.Generator(), scalar(appGTermMapSK))), appGTermMapPK},
		{"chip mapping key", cv.Encode(cv.ScalarMult(cv.Generator(), scalar(appGChipMapSK))), appGChipMapPK},
		{"H (terminal)", cv.Encode(hPoint), appGH},
		{"H (chip)", cv.Encode(cv.ScalarMult(termMap, scalar(appGChipMapSK))), appGH},
		{"mapped generator", cv.Encode(gHat), appGMappedG},
		{"terminal ephemeral key", cv.Encode(cv.ScalarMult(gHat, scalar(appGTermEphSK))), appGTermEphPK},
		{"chip ephemeral key", cv.Encode(cv.ScalarMult(gHat, scalar(appGChipEphSK))), appGChipEphPK},
		{"shared secret K", cv.FieldBytes(shared.X), appGShared},
		{"KSenc", keys.enc, appGKSEnc},
		{"KSmac", keys.mac, appGKSMac},
		{"T.IFD", tIFD, appGTIFD},
		{"T.IC", tIC, appGTIC},
	}
	for _, tt := range tests {
		if !bytes.Equal(tt.got, h(t, tt.want)) {
			t.Errorf("%s = %X, want %s", tt.name, tt.got, tt.want)
		}
	}
}

// TestAppendixGTerminal runs PACE against the recorded answers of the example,
// with the example's terminal keys, and checks every command byte.
//
// The one difference: our MSE:Set AT also carries DO'84' (domain parameter id
// 13). §4.4.4.1 makes it conditional, required when the chip holds several
// parameter sets; German, Polish and older Ukrainian documents refuse or break
// PACE without it, so the terminal always sends it. The chip side accepts both.
func TestAppendixGTerminal(t *testing.T) {
	steps := appGTerminalTranscript()
	script := &scriptedCard{t: t, steps: steps}
	sm, err := PACE(context.Background(), script, appGPassword(t), appGInfo(t), fixedRand(t, appGTermMapSK, appGTermEphSK))
	if err != nil {
		t.Fatal(err)
	}
	if sm.Cipher() != AES128 || !bytes.Equal(sm.SSC(), make([]byte, 16)) {
		t.Errorf("session %v, SSC %X", sm.Cipher(), sm.SSC())
	}
	if script.n != len(steps) {
		t.Errorf("%d of %d exchanges", script.n, len(steps))
	}
}

// TestAppendixGChip feeds the example's commands to the chip side, with the
// example's chip nonce and keys, and checks every answer byte.
func TestAppendixGChip(t *testing.T) {
	card, err := NewPACECard(appGPassword(t), appGInfo(t), fixedRand(t, appGNonce, appGChipMapSK, appGChipEphSK))
	if err != nil {
		t.Fatal(err)
	}
	for i, ex := range appGTranscript {
		cmd, err := iso7816.ParseCommand(h(t, ex.command))
		if err != nil {
			t.Fatal(err)
		}
		resp, sm, err := card.Handle(cmd)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if !bytes.Equal(resp.Bytes(), h(t, ex.answer)) {
			t.Errorf("step %d: answer %X, want %s", i, resp.Bytes(), ex.answer)
		}
		if (sm != nil) != (i == len(appGTranscript)-1) {
			t.Errorf("step %d: session established = %v", i, sm != nil)
		}
	}
	// A wrong token in step 4 is refused with 6300.
	card, _ = NewPACECard(appGPassword(t), appGInfo(t), fixedRand(t, appGNonce, appGChipMapSK, appGChipEphSK))
	for i, ex := range appGTranscript {
		raw := h(t, ex.command)
		if i == len(appGTranscript)-1 {
			raw[len(raw)-2] ^= 0x01
		}
		cmd, _ := iso7816.ParseCommand(raw)
		resp, sm, err := card.Handle(cmd)
		if i == len(appGTranscript)-1 {
			if resp.SW != iso7816.SWWarningNoInfo || sm != nil {
				t.Errorf("wrong token: SW %04X, session %v", resp.SW, sm != nil)
			}
			wantErr(t, err, ErrAccessDenied)
		}
	}
}
