package iso7816

import (
	"encoding/hex"
	"strings"
	"testing"
)

func TestHistoricalBytes(t *testing.T) {
	for _, tt := range []struct{ atr, hist string }{
		{"3B8880010011223344556677", "0011223344556677"},             // contactless, PC/SC Part 3: TD1 TD2, no TCK counted
		{"3B0412345678", "12345678"},                                 // no interface bytes
		{"3BF81300008131FE454A434F5076323431B7", "4A434F5076323431"}, // TA1 TB1 TC1 TD1, TD2 with TA3 TB3
	} {
		got, err := HistoricalBytes(unhex(t, tt.atr))
		if err != nil || !strings.EqualFold(hex.EncodeToString(got), tt.hist) {
			t.Errorf("HistoricalBytes(%s) = %x, %v; want %s", tt.atr, got, err, tt.hist)
		}
	}
	for _, bad := range []string{"", "3B", "3B88", "3B8880", "3B0F1234"} {
		if _, err := HistoricalBytes(unhex(t, bad)); err == nil {
			t.Errorf("HistoricalBytes(%s) accepted", bad)
		}
	}
}

func TestHistoricalExtendedLength(t *testing.T) {
	for _, tt := range []struct {
		hist string
		want ExtendedLength
	}{
		{"8073C821C0", ExtendedLength{Known: true, Supported: true}},       // card capabilities, b7 of byte 3 set
		{"80318065B0850300EF120FFF829000", ExtendedLength{}},               // no card capabilities
		{"80318073C82180", ExtendedLength{Known: true, Supported: false}},  // third byte 80: chaining only
		{"0073C821C0009000", ExtendedLength{Known: true, Supported: true}}, // category 00, status at the end
		{"7663686970", ExtendedLength{}},                                   // proprietary ("vchip")
		{"8072C821", ExtendedLength{}},                                     // two bytes say nothing of length
	} {
		got, err := HistoricalExtendedLength(unhex(t, tt.hist))
		if err != nil || got != tt.want {
			t.Errorf("HistoricalExtendedLength(%s) = %+v, %v; want %+v", tt.hist, got, err, tt.want)
		}
	}
	for _, bad := range []string{"8075C821", "0073", "80F1"} {
		if _, err := HistoricalExtendedLength(unhex(t, bad)); err == nil {
			t.Errorf("HistoricalExtendedLength(%s) accepted", bad)
		}
	}
}

func TestParseATRInfo(t *testing.T) {
	for _, tt := range []struct {
		name, info string
		want       ExtendedLength
	}{
		// A real card's EF.ATR/INFO (card service data, card capabilities, extended
		// length information: 1520-byte commands and responses).
		{"card", "4301F84703F741E07F6608020205F0020205F0", ExtendedLength{Known: true, Supported: true, MaxCommand: 0x5F0, MaxResponse: 0x5F0}},
		{"7F66 only", "7F660A0203000FFF020301000090000000", ExtendedLength{Known: true, Supported: true, MaxCommand: 0xFFF, MaxResponse: 0x10000}},
		{"7F66 short only", "7F660802020105020201 00", ExtendedLength{Known: true, Supported: false, MaxCommand: 261, MaxResponse: 256}},
		{"capabilities say no", "4703F74180", ExtendedLength{Known: true}},
		{"nothing", "4301F8", ExtendedLength{}},
		{"padded", "4703F741C0FFFFFF", ExtendedLength{Known: true, Supported: true}},
	} {
		got, err := ParseATRInfo(unhex(t, stripSpaces(tt.info)))
		if err != nil || got != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	for _, bad := range []string{"7F6603020101", "7F660602018002017F", "7F66", "470"} {
		if _, err := ParseATRInfo(unhex(t, stripSpaces(bad + "0")[:len(stripSpaces(bad))/2*2])); err == nil {
			t.Errorf("ParseATRInfo(%s) accepted", bad)
		}
	}
}

func stripSpaces(s string) string {
	out := make([]byte, 0, len(s))
	for i := range len(s) {
		if s[i] != ' ' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// FuzzExtendedLength feeds arbitrary ATRs and EF.ATR/INFO contents to the parsers:
// they must never panic, and never announce sizes they did not read.
func FuzzExtendedLength(f *testing.F) {
	f.Add(unhex(f, "3B8880010011223344556677"), unhex(f, "4301F84703F741E07F6608020205F0020205F0"))
	f.Add(unhex(f, "3B8E800180318065B0850300EF120FFF82900073"), unhex(f, "7F660A0203000FFF0203010000"))
	f.Fuzz(func(t *testing.T, atr, info []byte) {
		if hist, err := HistoricalBytes(atr); err == nil {
			if len(hist) > len(atr) {
				t.Fatalf("%d historical bytes from a %d-byte ATR", len(hist), len(atr))
			}
			_, _ = HistoricalExtendedLength(hist)
		}
		e, err := ParseATRInfo(info)
		if err == nil && (e.MaxCommand < 0 || e.MaxResponse < 0 || e.MaxResponse > 1<<24) {
			t.Fatalf("sizes %+v from % X", e, info)
		}
	})
}
