package mrz

import (
	"errors"
	"strings"
	"testing"
)

func TestTransliterate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Søren", "SOEREN"},
		{"Ærø", "AEROE"},
		{"Ågård", "AAGAARD"},
		{"Müller-Lüdenscheidt", "MUELLER<LUEDENSCHEIDT"},
		{"Straße", "STRASSE"},
		{"Þór Ðóra", "THOR<DORA"},
		{"José Ñúñez", "JOSE<NUNEZ"},
		{"O'Brien", "OBRIEN"},
		{"Anna Maria", "ANNA<MARIA"},
		{"ERIKSSON", "ERIKSSON"},
		{"Łukasz Œuvre", "LUKASZ<OEUVRE"},
		{"Ólafur", "OLAFUR"},
		{"Иван", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Transliterate(tt.in); got != tt.want {
			t.Errorf("Transliterate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestComposeDanishPassport(t *testing.T) {
	m := MRZ{Format: TD3, DocumentCode: "P", IssuingState: "DNK", DocumentNumber: "208123456",
		BirthDate: "850314", ExpiryDate: "330901", Sex: "M", Nationality: "DNK",
		Surname: "Sørensen", GivenNames: "Jens Åge"}
	text, err := Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	want := "P<DNKSOERENSEN<<JENS<AAGE<<<<<<<<<<<<<<<<<<<"
	if got := strings.Split(text, "\n")[0]; got != want {
		t.Errorf("line 1 = %q, want %q", got, want)
	}
	back, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse(Compose) = %v", err)
	}
	if back.Surname != "SOERENSEN" || back.GivenNames != "JENS AAGE" || back.Optional1 != "" {
		t.Errorf("Parse(Compose) = %+v", back)
	}
	// Unused personal number: '<' as its check digit (ICAO 9303-4).
	if l2 := strings.Split(text, "\n")[1]; l2[42] != '<' {
		t.Errorf("personal number check digit = %q, want '<'", l2[42])
	}
}

func TestComposeTruncatesLongNames(t *testing.T) {
	text, err := Compose(MRZ{Format: TD1, DocumentCode: "ID", IssuingState: "DNK", DocumentNumber: "1",
		BirthDate: "850314", ExpiryDate: "330901", Nationality: "DNK",
		Surname: "Schleswig-Holstein-Sonderburg", GivenNames: "Frederikke Christiane"})
	if err != nil {
		t.Fatal(err)
	}
	if l3 := strings.Split(text, "\n")[2]; l3 != "SCHLESWIG<HOLSTEIN<SONDERBURG<" {
		t.Errorf("name line = %q", l3)
	}
	if _, err := Parse(text); err != nil {
		t.Errorf("Parse of truncated name: %v", err)
	}
}

func TestComposeErrors(t *testing.T) {
	ok := MRZ{Format: TD3, DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C3",
		BirthDate: "740812", ExpiryDate: "120415", Sex: "F", Nationality: "UTO", Surname: "ERIKSSON"}
	tests := []struct {
		name   string
		change func(*MRZ)
		want   error
	}{
		{"unknown format", func(m *MRZ) { m.Format = "TD4" }, ErrUnknownFormat},
		{"TD3 number of 10", func(m *MRZ) { m.DocumentNumber = "L898902C31" }, ErrFieldTooLong},
		{"state of 4", func(m *MRZ) { m.IssuingState = "UTOP" }, ErrFieldTooLong},
		{"birth date of 7", func(m *MRZ) { m.BirthDate = "7408121" }, ErrFieldTooLong},
		{"personal number of 15", func(m *MRZ) { m.Optional1 = "123456789012345" }, ErrFieldTooLong},
		{"dash in number", func(m *MRZ) { m.DocumentNumber = "L898-02" }, ErrBadCharacter},
		{"sex", func(m *MRZ) { m.Sex = "Q" }, ErrBadCharacter},
		{"TD2 long number overflowing optional data", func(m *MRZ) { m.Format = TD2; m.DocumentCode = "I"; m.DocumentNumber = "D2314589073456789" }, ErrFieldTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.change(&m)
			if _, err := Compose(m); !errors.Is(err, tt.want) {
				t.Errorf("Compose error = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := Compose(ok); err != nil {
		t.Errorf("Compose(valid) = %v", err)
	}
}

// TestComposeLongNumber checks both sides of ICAO 9303-5 §4.2.4 with optional data
// after the continuation.
func TestComposeLongNumber(t *testing.T) {
	for _, f := range []Format{TD1, TD2} {
		m := MRZ{Format: f, DocumentCode: "ID", IssuingState: "BEL", DocumentNumber: "B12345678901",
			BirthDate: "850314", ExpiryDate: "330901", Sex: "F", Nationality: "BEL", Surname: "PEETERS",
			Optional1: "X1"}
		text, err := Compose(m)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		back, err := Parse(text)
		if err != nil || back != m {
			t.Errorf("%s: Parse(Compose) = %+v, %v; want %+v", f, back, err, m)
		}
	}
}

func TestKeyInformationErrors(t *testing.T) {
	if _, err := (MRZ{DocumentNumber: "L898902C", BirthDate: "6908", ExpiryDate: "940623"}).KeyInformation(); !errors.Is(err, ErrUnknownDate) {
		t.Errorf("short birth date: %v, want ErrUnknownDate", err)
	}
	if _, err := (MRZ{DocumentNumber: "L89-02C", BirthDate: "690806", ExpiryDate: "940623"}).KeyInformation(); !errors.Is(err, ErrBadCharacter) {
		t.Errorf("bad number: %v, want ErrBadCharacter", err)
	}
}

func TestParseCAN(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"123456", "123456", true},
		{" 123456\r\n", "123456", true},
		{"000000", "000000", true},
		{"12345", "", false},
		{"1234567", "", false},
		{"12345a", "", false},
		{"123 456", "", false},
		{"١٢٣٤٥٦", "", false}, // Arabic-Indic digits are not ASCII digits
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseCAN(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("ParseCAN(%q) = %q, %v", tt.in, got, err)
		}
		if !tt.ok && !errors.Is(err, ErrInvalidCAN) {
			t.Errorf("ParseCAN(%q) error %v does not wrap ErrInvalidCAN", tt.in, err)
		}
	}
}
