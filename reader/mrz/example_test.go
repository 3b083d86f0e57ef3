package mrz_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
)

func ExampleParse() {
	// The TD3 specimen of ICAO 9303-4, as a scanner might send it.
	m, err := mrz.Parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\n" +
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	birth, _ := m.Birth(now)
	expiry, _ := m.Expiry(now)
	fmt.Println(m.Format, m.DocumentNumber, m.Surname+",", m.GivenNames)
	fmt.Println(birth.Format(time.DateOnly), expiry.Format(time.DateOnly))
	// Output:
	// TD3 L898902C3 ERIKSSON, ANNA MARIA
	// 1974-08-12 2012-04-15
}

func ExampleParse_invalid() {
	// The document number's check digit mistyped as 7.
	_, err := mrz.Parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" +
		"L898902C37UTO7408122F1204159ZE184226B<<<<<10")
	var invalid *mrz.InvalidError
	if errors.As(err, &invalid) {
		for _, fe := range invalid.Errors {
			fmt.Println(fe.Field+":", fe.Message)
		}
	}
	// Output:
	// documentNumber: check digit is 7, expected 6
	// composite: check digit is 0, expected 7
}

func ExampleCompose() {
	lines, err := mrz.Compose(mrz.MRZ{
		Format: mrz.TD1, DocumentCode: "ID", IssuingState: "DNK", DocumentNumber: "AB1234567",
		BirthDate: "900101", ExpiryDate: "300101", Sex: "F", Nationality: "DNK",
		Surname: "Ørsted-Bæk", GivenNames: "Åse",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(lines)
	// Output:
	// IDDNKAB12345671<<<<<<<<<<<<<<<
	// 9001011F3001019DNK<<<<<<<<<<<4
	// OERSTED<BAEK<<AASE<<<<<<<<<<<<
}
