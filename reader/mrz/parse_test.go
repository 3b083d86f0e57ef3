package mrz

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckDigit(t *testing.T) {
	tests := []struct {
		name, in string
		want     byte
	}{
		{"TD3 specimen document number", "L898902C3", '6'},
		{"TD3 specimen birth date", "740812", '2'},
		{"TD3 specimen expiry date", "120415", '9'},
		{"TD3 specimen personal number", "ZE184226B<<<<<", '1'},
		{"BAC example document number", "L898902C<", '3'},
		{"BAC example birth date", "690806", '1'},
		{"BAC example expiry date", "940623", '6'},
		{"long TD1 number", "D23145890734", '9'},
		{"short number with fillers", "AB2134<<<", '5'},
		{"nine fillers", "<<<<<<<<<", '0'},
		{"empty", "", '0'},
		{"fillers only", "<<<<", '0'},
		{"Z is 35", "Z", '5'}, // 35*7 = 245
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckDigit(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("CheckDigit(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"abc", "L898 02", "Ø"} {
		if _, err := CheckDigit(bad); !errors.Is(err, ErrBadCharacter) {
			t.Errorf("CheckDigit(%q) error = %v, want ErrBadCharacter", bad, err)
		}
	}
}

func TestParseSpecimens(t *testing.T) {
	anna := MRZ{
		DocumentCode: "I", IssuingState: "UTO", DocumentNumber: "D23145890",
		BirthDate: "740812", ExpiryDate: "120415", Sex: "F", Nationality: "UTO",
		Surname: "ERIKSSON", GivenNames: "ANNA MARIA",
	}
	td1, td2 := anna, anna
	td1.Format, td2.Format = TD1, TD2
	td1.DocumentNumber, td2.DocumentNumber = "D23145890", "D23145890"
	peter := MRZ{
		DocumentCode: "I", IssuingState: "UTO", DocumentNumber: "D23145890734",
		BirthDate: "340712", ExpiryDate: "950712", Sex: "M", Nationality: "UTO",
		Surname: "STEVENSON", GivenNames: "PETER JOHN",
	}
	longTD1, longTD2 := peter, peter
	longTD1.Format, longTD2.Format = TD1, TD2
	tests := []struct {
		name, text string
		want       MRZ
		key        string
	}{
		{"ICAO 9303-4 TD3 specimen", specimenTD3, MRZ{
			Format: TD3, DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C3",
			BirthDate: "740812", ExpiryDate: "120415", Sex: "F", Nationality: "UTO",
			Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Optional1: "ZE184226B",
		}, "L898902C3674081221204159"},
		{"ICAO 9303-5 TD1 specimen", specimenTD1, td1, "D23145890774081221204159"},
		{"ICAO 9303-6 TD2 specimen", specimenTD2, td2, "D23145890774081221204159"},
		{"ICAO 9303-11 BAC example", bacExampleTD3, MRZ{
			Format: TD3, DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C",
			BirthDate: "690806", ExpiryDate: "940623", Sex: "F", Nationality: "UTO",
			Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Optional1: "ZE184226B",
		}, bacExampleKeyInformation},
		{"ICAO 9303-11 D.2 long number TD1", longNumberTD1, longTD1, longNumberKeyInformation},
		{"ICAO 9303-11 D.2 long number TD2", longNumberTD2, longTD2, longNumberKeyInformation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got != tt.want {
				t.Errorf("Parse =\n%+v\nwant\n%+v", got, tt.want)
			}
			key, err := got.KeyInformation()
			if err != nil || key != tt.key {
				t.Errorf("KeyInformation = %q, %v; want %q", key, err, tt.key)
			}
			// Compose must give the very lines back.
			lines, err := Compose(got)
			if err != nil || lines != tt.text {
				t.Errorf("Compose =\n%s\n%v\nwant\n%s", lines, err, tt.text)
			}
		})
	}
}

// TestParseScannerNoise feeds the specimen the way scanners and people deliver it.
func TestParseScannerNoise(t *testing.T) {
	want, err := Parse(specimenTD3)
	if err != nil {
		t.Fatal(err)
	}
	l := strings.Split(specimenTD3, "\n")
	tests := []struct{ name, text string }{
		{"CR LF", l[0] + "\r\n" + l[1] + "\r\n"},
		{"trailing spaces", l[0] + "   \n" + l[1] + " \t"},
		{"leading blank lines", "\n\n\r\n" + l[0] + "\n" + l[1]},
		{"blank line between", l[0] + "\n\n  \n" + l[1] + "\n"},
		{"lower case", strings.ToLower(specimenTD3)},
		{"one line", l[0] + l[1]},
		{"one line TD1", strings.ReplaceAll(specimenTD1, "\n", "")},
		{"one line TD2", strings.ReplaceAll(specimenTD2, "\n", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got.Format == TD3 && got != want {
				t.Errorf("Parse = %+v, want %+v", got, want)
			}
		})
	}
}

func TestParseNotMRZ(t *testing.T) {
	l := strings.Split(specimenTD3, "\n")
	tests := []struct{ name, text string }{
		{"empty", ""},
		{"blank", " \n\r\n"},
		{"one line", l[0]},
		{"three TD3 lines", specimenTD3 + "\n" + l[1]},
		{"four lines", specimenTD1 + "\n" + l[0][:30]},
		{"short line", l[0] + "\n" + l[1][:43]},
		{"mixed widths", l[0] + "\n" + l[1][:36]},
		{"TD1 line too long", specimenTD1 + "<"},
		{"40 wide", l[0][:40] + "\n" + l[1][:40]},
		{"space inside", strings.Replace(specimenTD3, "ANNA<MARIA", "ANNA MARIA", 1)},
		{"punctuation", strings.Replace(specimenTD3, "<<ANNA", "--ANNA", 1)},
		{"non-ASCII", strings.Replace(specimenTD3, "ERIKSSON", "ERIKSSØ", 1)},
		{"a booking code", "K7Q-42X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(tt.text)
			if !errors.Is(err, ErrNotMRZ) {
				t.Fatalf("Parse error = %v, want ErrNotMRZ", err)
			}
			if m != (MRZ{}) {
				t.Errorf("Parse returned %+v with ErrNotMRZ, want the zero MRZ", m)
			}
		})
	}
}

// replaceAt returns text with the character at line li (0-based), column ci (0-based)
// replaced by c.
func replaceAt(text string, li, ci int, c byte) string {
	lines := strings.Split(text, "\n")
	b := []byte(lines[li])
	b[ci] = c
	lines[li] = string(b)
	return strings.Join(lines, "\n")
}

// TestParseFieldErrors damages one field at a time and expects exactly that field
// to be named, with the rest of the MRZ still filled in.
func TestParseFieldErrors(t *testing.T) {
	tests := []struct {
		name, text string
		fields     []string // the fields the error must name, in order
	}{
		{"TD3 document number check digit", replaceAt(specimenTD3, 1, 9, '7'), []string{"documentNumber", "composite"}},
		{"TD3 document number changed", replaceAt(specimenTD3, 1, 0, 'M'), []string{"documentNumber", "composite"}},
		{"TD3 birth date check digit", replaceAt(specimenTD3, 1, 19, '3'), []string{"birthDate", "composite"}},
		{"TD3 birth month 13", replaceAt(replaceAt(specimenTD3, 1, 15, '1'), 1, 16, '3'), []string{"birthDate", "birthDate", "composite"}},
		{"TD3 expiry check digit", replaceAt(specimenTD3, 1, 27, '0'), []string{"expiryDate", "composite"}},
		{"TD3 expiry not digits", replaceAt(specimenTD3, 1, 22, 'A'), []string{"expiryDate", "expiryDate", "composite"}},
		{"TD3 personal number check digit", replaceAt(specimenTD3, 1, 42, '2'), []string{"optional1", "composite"}},
		{"TD3 composite", replaceAt(specimenTD3, 1, 43, '1'), []string{"composite"}},
		{"TD3 sex", replaceAt(specimenTD3, 1, 20, 'Q'), []string{"sex"}},
		{"TD3 check digit a letter", replaceAt(specimenTD3, 1, 9, 'A'), []string{"documentNumber", "composite"}},
		{"TD3 document code", replaceAt(specimenTD3, 0, 0, 'I'), []string{"documentCode"}},
		{"TD3 document code second", replaceAt(specimenTD3, 0, 1, '7'), []string{"documentCode"}},
		{"TD3 issuing state digit", replaceAt(specimenTD3, 0, 2, '1'), []string{"issuingState"}},
		{"TD3 nationality empty", replaceAt(replaceAt(replaceAt(specimenTD3, 1, 10, '<'), 1, 11, '<'), 1, 12, '<'), []string{"nationality"}},
		{"TD3 surname digit", replaceAt(specimenTD3, 0, 6, '8'), []string{"surname"}},
		{"TD3 given names digit", replaceAt(specimenTD3, 0, 16, '8'), []string{"givenNames"}},
		{"TD3 no name", "P<UTO" + strings.Repeat("<", 39) + "\n" + strings.Split(specimenTD3, "\n")[1], []string{"surname"}},
		{"TD1 document number", replaceAt(specimenTD1, 0, 14, '8'), []string{"documentNumber", "composite"}},
		{"TD1 birth date", replaceAt(specimenTD1, 1, 6, '3'), []string{"birthDate", "composite"}},
		{"TD1 expiry", replaceAt(specimenTD1, 1, 14, '0'), []string{"expiryDate", "composite"}},
		{"TD1 optional data 2 changes composite", replaceAt(specimenTD1, 1, 20, 'X'), []string{"composite"}},
		{"TD1 composite", replaceAt(specimenTD1, 1, 29, '5'), []string{"composite"}},
		{"TD1 document code P", replaceAt(specimenTD1, 0, 0, 'P'), []string{"documentCode"}},
		{"TD1 long number check digit", replaceAt(longNumberTD1, 0, 18, '8'), []string{"documentNumber", "composite"}},
		{"TD1 long number without continuation", replaceAt(specimenTD1, 0, 14, '<'), []string{"documentNumber", "composite"}},
		{"TD1 filler check digit on a short number", replaceAt(bacLikeTD1(), 0, 14, '<'), []string{"documentNumber", "composite"}},
		{"TD2 birth date 29 February 74", replaceAt(replaceAt(replaceAt(specimenTD2, 1, 16, '2'), 1, 17, '2'), 1, 18, '9'), []string{"birthDate", "birthDate", "composite"}},
		{"TD2 composite", replaceAt(specimenTD2, 1, 35, '7'), []string{"composite"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(tt.text)
			var inv *InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("Parse error = %v, want *InvalidError", err)
			}
			var got []string
			for _, fe := range inv.Errors {
				got = append(got, fe.Field)
				if fe.Message == "" {
					t.Errorf("field %s has an empty message", fe.Field)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields = %v, want %v (%v)", got, tt.fields, err)
			}
			if m.Format == "" || m.IssuingState == "" && !inv.Has("issuingState") {
				t.Errorf("MRZ not filled with the error: %+v", m)
			}
			if !strings.Contains(err.Error(), tt.fields[0]) {
				t.Errorf("Error() = %q does not name %s", err, tt.fields[0])
			}
		})
	}
}

// bacLikeTD1 is a valid TD1 whose document number is 8 characters long.
func bacLikeTD1() string {
	s, err := Compose(MRZ{Format: TD1, DocumentCode: "ID", IssuingState: "DNK", DocumentNumber: "L898902C",
		BirthDate: "690806", ExpiryDate: "940623", Sex: "F", Nationality: "DNK", Surname: "Hansen"})
	if err != nil {
		panic(err)
	}
	return s
}

// TestErrorsHoldNoPersonalData checks that error text never repeats field values.
func TestErrorsHoldNoPersonalData(t *testing.T) {
	bad := replaceAt(replaceAt(specimenTD3, 1, 9, '7'), 0, 6, '8')
	_, err := Parse(bad)
	if err == nil {
		t.Fatal("Parse accepted a damaged MRZ")
	}
	for _, secret := range []string{"L898902C", "740812", "120415", "ERIKSSON", "ANNA", "ZE184226B"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains %q", err, secret)
		}
	}
}

func TestParseUnknownBirthDateParts(t *testing.T) {
	for _, birth := range []string{"7408<<", "74<<<<", "<<<<<<"} {
		text, err := Compose(MRZ{Format: TD3, DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C3",
			BirthDate: birth, ExpiryDate: "120415", Sex: "F", Nationality: "UTO", Surname: "ERIKSSON"})
		if err != nil {
			t.Fatalf("Compose: %v", err)
		}
		m, err := Parse(text)
		if err != nil {
			t.Errorf("Parse with birth date %q: %v", birth, err)
		}
		if m.BirthDate != birth {
			t.Errorf("BirthDate = %q, want %q", m.BirthDate, birth)
		}
	}
	// Unknown parts must come from the right.
	text, _ := Compose(MRZ{Format: TD3, DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "1",
		BirthDate: "<<0812", ExpiryDate: "120415", Nationality: "UTO", Surname: "X"})
	var inv *InvalidError
	if _, err := Parse(text); !errors.As(err, &inv) || !inv.Has("birthDate") {
		t.Errorf("Parse of birth date <<0812: %v, want a birthDate error", err)
	}
}
