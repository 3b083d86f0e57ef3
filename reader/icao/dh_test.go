package icao

import (
	"bytes"
	"context"
	"math/big"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// TestDHGroupConstants checks the RFC 5114 groups: p and q prime, q divides p-1,
// g has order q. A mistyped constant fails one of these.
func TestDHGroupConstants(t *testing.T) {
	one := big.NewInt(1)
	for _, id := range DHParameterIDs {
		d, err := dhGroupByID(id)
		if err != nil {
			t.Fatal(err)
		}
		if !d.p.ProbablyPrime(10) || !d.q.ProbablyPrime(10) {
			t.Errorf("id %d: p or q not prime", id)
		}
		if new(big.Int).Mod(new(big.Int).Sub(d.p, one), d.q).Sign() != 0 {
			t.Errorf("id %d: q does not divide p-1", id)
		}
		if d.g.Cmp(one) == 0 || new(big.Int).Exp(d.g, d.q, d.p).Cmp(one) != 0 {
			t.Errorf("id %d: g does not have order q", id)
		}
	}
	if _, err := dhGroupByID(3); err == nil {
		t.Error("id 3 accepted")
	}
}

func TestDHDecodeRejects(t *testing.T) {
	d, _ := dhGroupByID(0)
	pMinus1 := new(big.Int).Sub(d.p, big.NewInt(1))
	for name, b := range map[string][]byte{
		"empty":               nil,
		"one":                 {1},
		"p-1 (order 2)":       pMinus1.Bytes(),
		"p":                   d.p.Bytes(),
		"longer than p":       append([]byte{1}, d.p.Bytes()...),
		"not in the subgroup": big.NewInt(2).Bytes(),
	} {
		if _, err := d.decode(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := d.decode(d.g.Bytes()); err != nil {
		t.Errorf("g: %v", err)
	}
}

// ICAO 9303-11 Appendix G.2: PACE, DH generic mapping on the 1024-bit MODP group
// of RFC 5114 (parameter id 0) with AES-128, the same MRZ password as G.1.
const (
	appG2Nonce     = "FA5B7E3E49753A0DB9178B7B9BD898C8"
	appG2EncNonce  = "854D8DF5827FA6852D1A4FA701CDDDCA"
	appG2TermMapSK = "5265030F751F4AD18B08AC565FC7AC952E41618D"
	appG2TermMapPK = "23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3E" +
		"B71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A4" +
		"4D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022D" +
		"CB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C"
	appG2ChipMapSK = "66DDAFEAC1609CB5B963BB0CB3FF8B3E047F336C"
	appG2ChipMapPK = "78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E6" +
		"23EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882" +
		"A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F24" +
		"49400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6"
	appG2H = "5BABEBEF5B74E5BA94B5C063FDA15F1F1CDE94873EE0A5D3A2FCAB49F258D07F" +
		"544F13CB66658C3AFEE9E727389BE3F6CBBBD32128A8C21DD6EEA3CF7091CDDF" +
		"B08B8D007D40318DCCA4FFBF51208790FB4BD111E5A968ED6B6F08B26CA87C41" +
		"0B3CE0C310CE104EABD16629AA48620C1279270CB0750C0D37C57FFFE302AE7F"
	appG2MappedG = "7C9CBFE98F9FBDDA8D143506FA7D9306F4CB17E3C71707AFF5E1C1A123702496" +
		"84D64EE37AF44B8DBD9D45BF6023919CBAA027AB97ACC771666C8E98FF483301" +
		"BFA4872DEDE9034EDFACB70814166B7F360676829B826BEA57291B5AD69FBC84" +
		"EF1E779032A305803F74341793E869742D401325B37EE8565FFCDEE618342DC5"
	appG2TermEphSK = "89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA"
	appG2ChipEphSK = "A5B780126B7C980E9FCEA1D4539DA1D27C342DFA"
	appG2Shared    = "6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E3" +
		"8B834B6A9E9CD7184BA8834AFF5043D436950C4C1E7832367C10CB8C314D40E5" +
		"990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E" +
		"465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD"
	// The input data of the tokens as G.2 prints them; each ends in the other
	// side's ephemeral public value.
	appG2InputTIFD = "7F49818F060A04007F000702020401028481800756" +
		"93D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F5" +
		"3820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC71A0E019CB08AF55" +
		"E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064386CD456743585F8E5D90C" +
		"C8B4004B1F6D866C79CE0584E49687FF61BC29AEA1"
	appG2InputTIC = "7F49818F060A04007F000702020401028481" +
		"80907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911551B9A" +
		"E4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08FA8D61B76D3" +
		"A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236B7747D1671E6D692" +
		"A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4"
	appG2KSEnc = "2F7F46ADCC9E7E521B45D192FAFA9126"
	appG2KSMac = "805A1D27D45A5116F73C54469462B7D8"
	appG2TIFD  = "B46DD9BD4D98381F"
	appG2TIC   = "917F37B5C0E6D8D1"
)

func appG2Info() PACEInfo {
	return PACEInfo{Protocol: DHGenericMapping(AES128), Version: 2, ParameterID: 0}
}

// TestAppendixG2Steps checks each intermediate value of the DH example.
func TestAppendixG2Steps(t *testing.T) {
	d, _ := dhGroupByID(0)
	info := appG2Info()
	if der, _ := EncodeCardAccess([]PACEInfo{info}); !bytes.Equal(der[2:], h(t, "3012060A04007F00070202040102020102020100")) {
		t.Errorf("G.2 PACEInfo encodes as %X", der[2:])
	}
	pw := appGPassword(t)
	block, _ := newBlock(AES128, DeriveKey(pw.Key, AES128, KPi))
	s, _ := cbcDecrypt(block, make([]byte, 16), h(t, appG2EncNonce))
	x := func(s string) *big.Int { return new(big.Int).SetBytes(h(t, s)) }
	termEphPK := h(t, appG2InputTIC)[len(h(t, appG2InputTIC))-128:]
	chipEphPK := h(t, appG2InputTIFD)[len(h(t, appG2InputTIFD))-128:]

	mapped, err := d.mapNonce(s, x(appG2TermMapSK), h(t, appG2ChipMapPK))
	if err != nil {
		t.Fatal(err)
	}
	g := mapped.(*dhGroup)
	secret, err := mapped.agree(x(appG2TermEphSK), chipEphPK)
	if err != nil {
		t.Fatal(err)
	}
	chipSecret, _ := mapped.agree(x(appG2ChipEphSK), termEphPK)
	keys := derivePACEKeys(AES128, secret)
	tIFD, _ := authToken(AES128, keys.mac, info.Protocol, 0x84, chipEphPK)
	tIC, _ := authToken(AES128, keys.mac, info.Protocol, 0x84, termEphPK)
	hVal := new(big.Int).Exp(x(appG2ChipMapPK), x(appG2TermMapSK), d.p)

	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"decrypted nonce s", s, appG2Nonce},
		{"terminal mapping key", d.encode(new(big.Int).Exp(d.g, x(appG2TermMapSK), d.p)), appG2TermMapPK},
		{"chip mapping key", d.encode(new(big.Int).Exp(d.g, x(appG2ChipMapSK), d.p)), appG2ChipMapPK},
		{"shared secret H", hVal.Bytes(), appG2H},
		{"mapped generator", g.g.Bytes(), appG2MappedG},
		{"terminal ephemeral key", g.encode(new(big.Int).Exp(g.g, x(appG2TermEphSK), d.p)), hexs(termEphPK)},
		{"chip ephemeral key", g.encode(new(big.Int).Exp(g.g, x(appG2ChipEphSK), d.p)), hexs(chipEphPK)},
		{"shared secret K (terminal)", secret, appG2Shared},
		{"shared secret K (chip)", chipSecret, appG2Shared},
		{"KSenc", keys.enc, appG2KSEnc},
		{"KSmac", keys.mac, appG2KSMac},
		{"T.IFD", tIFD, appG2TIFD},
		{"T.IC", tIC, appG2TIC},
	}
	for _, tt := range tests {
		if !bytes.Equal(tt.got, h(t, tt.want)) {
			t.Errorf("%s = %X, want %s", tt.name, tt.got, tt.want)
		}
	}
}

// TestAppendixG2Terminal runs the terminal through the recorded DH exchange. The
// chip's last answer carries a certification authority reference (DO'87') after
// the token, as G.2 shows; the terminal must ignore it.
func TestAppendixG2Terminal(t *testing.T) {
	termEphPK := hexs(h(t, appG2InputTIC)[len(h(t, appG2InputTIC))-128:])
	chipEphPK := hexs(h(t, appG2InputTIFD)[len(h(t, appG2InputTIFD))-128:])
	script := &scriptedCard{t: t, steps: []exchange{
		{"0022C1A4 12 800A04007F00070202040102 830101 840100", "9000"},
		{"10860000 02 7C00 00", "7C12 8010" + appG2EncNonce + "9000"},
		{"10860000 86 7C8183 818180" + appG2TermMapPK + "00", "7C8183 828180" + appG2ChipMapPK + "9000"},
		{"10860000 86 7C8183 838180" + termEphPK + "00", "7C8183 848180" + chipEphPK + "9000"},
		{"00860000 0C 7C0A 8508" + appG2TIFD + "00", "7C1B 8608" + appG2TIC + "870F 444554455354435643413030303033 9000"},
	}}
	sm, err := PACE(context.Background(), script, appGPassword(t), appG2Info(), fixedRand(t, appG2TermMapSK, appG2TermEphSK))
	if err != nil {
		t.Fatal(err)
	}
	if sm.Cipher() != AES128 || script.n != len(script.steps) {
		t.Errorf("session %v after %d exchanges", sm.Cipher(), script.n)
	}
}

// TestAppendixG2Chip feeds the example's commands to the chip side with the
// example's nonce and chip keys.
func TestAppendixG2Chip(t *testing.T) {
	termEphPK := hexs(h(t, appG2InputTIC)[len(h(t, appG2InputTIC))-128:])
	chipEphPK := hexs(h(t, appG2InputTIFD)[len(h(t, appG2InputTIFD))-128:])
	card, err := NewPACECard(appGPassword(t), appG2Info(), fixedRand(t, appG2Nonce, appG2ChipMapSK, appG2ChipEphSK))
	if err != nil {
		t.Fatal(err)
	}
	for i, ex := range []exchange{
		{"0022C1A4 0F 800A04007F00070202040102 830101", "9000"},
		{"10860000 02 7C00 00", "7C12 8010" + appG2EncNonce + "9000"},
		{"10860000 86 7C8183 818180" + appG2TermMapPK + "00", "7C8183 828180" + appG2ChipMapPK + "9000"},
		{"10860000 86 7C8183 838180" + termEphPK + "00", "7C8183 848180" + chipEphPK + "9000"},
		{"00860000 0C 7C0A 8508" + appG2TIFD + "00", "7C0A 8608" + appG2TIC + "9000"},
	} {
		cmd, _ := iso7816.ParseCommand(h(t, ex.command))
		resp, _, err := card.Handle(cmd)
		if err != nil || !bytes.Equal(resp.Bytes(), h(t, ex.answer)) {
			t.Errorf("step %d: answer %X, %v; want %s", i, resp.Bytes(), err, ex.answer)
		}
	}
}
