package icao

import (
	"bytes"
	"context"
	"crypto/sha1"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// ICAO 9303-11 Appendix D: the worked example of BAC and secure messaging for the
// specimen passport L898902C<, born 690806, expiring 940623.
const (
	appDRndIC   = "4608F91988702212"
	appDRndIFD  = "781723860C06C226"
	appDKIFD    = "0B795240CB7049B01C19B33E32804F0B"
	appDKIC     = "0B4F80323EB3191CB04970CB4052790B"
	appDEIFDMIF = "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2 5F1448EEA8AD90A7"
	appDEICMIC  = "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F 2F2D235D074D7449"
)

// appDSecureMessaging is D.4: SELECT EF.COM, READ BINARY of 4 then 18 bytes, as
// plain commands, the protected APDUs, the protected answers and the plain answers.
var appDSecureMessaging = []struct {
	name                     string
	plain, protected         string
	protectedResp, plainResp string
}{
	{"D.4.1 select EF.COM", "00A4020C02011E", "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
		"990290008E08FA855A5D4C50A8ED9000", "9000"},
	{"D.4.2 read binary of 4 bytes", "00B0000004", "0CB000000D9701048E08ED6705417E96BA5500",
		"8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000", "60145F019000"},
	{"D.4.3 read binary of 18 bytes at 4", "00B0000412", "0CB000040D9701128E082EA28A70F3C7B53500",
		"871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
		"04303130365F36063034303030305C0261759000"},
}

func TestAppendixDKeyDerivation(t *testing.T) {
	// D.2: MRZ information for a 9-character document number (given without its
	// filler) and for a 12-character one (TD1/TD2, continued in the optional data).
	for _, tt := range []struct{ doc, birth, expiry, want string }{
		{"L898902C", "690806", "940623", "L898902C<369080619406236"},
		{"D23145890734", "340712", "950712", "D23145890734934071279507122"},
	} {
		info, err := mrzInformation(tt.doc, tt.birth, tt.expiry)
		if err != nil || info != tt.want {
			t.Errorf("D.2 MRZ information %q, %v; want %q", info, err, tt.want)
		}
	}
	seed, err := BACKeySeed("L898902C<", "690806", "940623")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"D.2 Kseed", seed, "239AB9CB282DAF66231DC5A4DF6BFBAE"},
		{"D.1 KDF(Kseed, 1) before parity", sha1Of(t, seed, 1)[:16], "AB94FCEDF2664EDFB9B291F85D7F77F2"},
		{"D.1 KDF(Kseed, 2) before parity", sha1Of(t, seed, 2)[:16], "7862D9ECE03C1BCD4D77089DCF131442"},
		{"D.2 Kenc", DeriveKey(seed, TripleDES, KEnc), "AB94FDECF2674FDFB9B391F85D7F76F2"},
		{"D.2 Kmac", DeriveKey(seed, TripleDES, KMac), "7962D9ECE03D1ACD4C76089DCE131543"},
		{"D.3 KSenc", DeriveKey(h(t, "0036D272F5C350ACAC50C3F572D23600"), TripleDES, KEnc), "979EC13B1CBFE9DCD01AB0FED307EAE5"},
		{"D.3 KSmac", DeriveKey(h(t, "0036D272F5C350ACAC50C3F572D23600"), TripleDES, KMac), "F1CB1F1FB5ADF208806B89DC579DC1F8"},
	}
	for _, tt := range tests {
		if !bytes.Equal(tt.got, h(t, tt.want)) {
			t.Errorf("%s = %X, want %s", tt.name, tt.got, tt.want)
		}
	}
}

// TestBACKeySeedBadFields: fields that are not MRZ characters or not YYMMDD are
// refused. The check digits themselves are mrz.CheckDigit's, tested there.
func TestBACKeySeedBadFields(t *testing.T) {
	for _, bad := range [][3]string{{"", "690806", "940623"}, {"L89890äC", "690806", "940623"}, {"L898902C", "69086", "940623"}, {"L898902C", "690806", "94O623"}} {
		if _, err := BACKeySeed(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("BACKeySeed%q accepted", bad)
		} else {
			wantErr(t, err, ErrPassword)
		}
	}
}

// TestAppendixDTerminal runs the terminal side through the whole worked example
// and checks every byte it sends and every plain answer it returns.
func TestAppendixDTerminal(t *testing.T) {
	script := &scriptedCard{t: t, steps: []exchange{
		{"0084000008", appDRndIC + "9000"},
		{"0082000028" + appDEIFDMIF + "28", appDEICMIC + "9000"},
	}}
	for _, sm := range appDSecureMessaging {
		script.steps = append(script.steps, exchange{sm.protected, sm.protectedResp})
	}
	seed, _ := BACKeySeed("L898902C", "690806", "940623")
	sm, err := BAC(context.Background(), script, seed, fixedRand(t, appDRndIFD, appDKIFD))
	if err != nil {
		t.Fatal(err)
	}
	if got := sm.SSC(); !bytes.Equal(got, h(t, "887022120C06C226")) {
		t.Fatalf("D.3 SSC = %X", got)
	}
	ch := NewChannel(script, sm)
	for _, tt := range appDSecureMessaging {
		got, err := ch.Transmit(context.Background(), h(t, tt.plain))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(got, h(t, tt.plainResp)) {
			t.Errorf("%s: answer %X, want %s", tt.name, got, tt.plainResp)
		}
	}
	if script.n != len(script.steps) {
		t.Errorf("%d of %d exchanges made", script.n, len(script.steps))
	}
}

// TestAppendixDChip runs the chip side through the same example.
func TestAppendixDChip(t *testing.T) {
	seed, _ := BACKeySeed("L898902C", "690806", "940623")
	card, err := NewBACCard(seed, fixedRand(t, appDRndIC, appDKIC))
	if err != nil {
		t.Fatal(err)
	}
	resp, _, err := card.Handle(iso7816.Command{Ins: 0x84, Ne: 8})
	if err != nil || !bytes.Equal(resp.Bytes(), h(t, appDRndIC+"9000")) {
		t.Fatalf("get challenge: %X, %v", resp.Bytes(), err)
	}
	resp, sm, err := card.Handle(iso7816.Command{Ins: 0x82, Data: h(t, appDEIFDMIF), Ne: 40})
	if err != nil || sm == nil {
		t.Fatalf("external authenticate: %v", err)
	}
	if !bytes.Equal(resp.Data, h(t, appDEICMIC)) {
		t.Fatalf("D.3 E.IC||M.IC = %X", resp.Data)
	}
	for _, tt := range appDSecureMessaging {
		cmd, err := sm.UnwrapCommand(h(t, tt.protected))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		plain, _ := cmd.Bytes()
		if !bytes.Equal(plain, h(t, tt.plain)) {
			t.Errorf("%s: unwrapped %X, want %s", tt.name, plain, tt.plain)
		}
		r, _ := iso7816.ParseResponse(h(t, tt.plainResp))
		got, err := sm.WrapResponse(r)
		if err != nil || !bytes.Equal(got, h(t, tt.protectedResp)) {
			t.Errorf("%s: protected answer %X, want %s (%v)", tt.name, got, tt.protectedResp, err)
		}
	}
}

func TestBACWrongKey(t *testing.T) {
	seed, _ := BACKeySeed("L898902C", "690806", "940623")
	other, _ := BACKeySeed("L898902C", "690806", "940624")
	tests := []struct {
		name string
		t    iso7816.Transmitter
	}{
		{"chip answers 6300", &scriptedCard{t: t, steps: []exchange{
			{"0084000008", appDRndIC + "9000"}, {"0082000028" + appDEIFDMIF + "28", "6300"}}}},
		{"chip answers 6982", &scriptedCard{t: t, steps: []exchange{
			{"0084000008", appDRndIC + "9000"}, {"0082000028" + appDEIFDMIF + "28", "6982"}}}},
		{"chip side with another key", func() iso7816.Transmitter {
			card, _ := NewBACCard(other, fixedRand(t, appDRndIC, appDKIC))
			return &memoryChip{bac: card}
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := BAC(context.Background(), tt.t, seed, fixedRand(t, appDRndIFD, appDKIFD))
			wantErr(t, err, ErrAccessDenied)
		})
	}
	// The chip's answer tampered with: its MAC no longer verifies.
	bad := h(t, appDEICMIC)
	bad[3] ^= 1
	script := &scriptedCard{t: t, steps: []exchange{
		{"0084000008", appDRndIC + "9000"}, {"0082000028" + appDEIFDMIF + "28", hexs(bad) + "9000"}}}
	_, err := BAC(context.Background(), script, seed, fixedRand(t, appDRndIFD, appDKIFD))
	wantErr(t, err, ErrAccessDenied)
}

func hexs(b []byte) string { return bytesToHex(b) }

// sha1Of is SHA-1(seed || counter), the raw key data of §9.7.1 before the parity
// adjustment that D.1 shows as a separate step.
func sha1Of(t *testing.T, seed []byte, counter byte) []byte {
	t.Helper()
	sum := sha1.Sum(append(append([]byte(nil), seed...), 0, 0, 0, counter))
	return sum[:]
}
