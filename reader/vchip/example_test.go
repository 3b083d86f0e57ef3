package vchip_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// A chip driven in-process: BAC with the MRZ key, then DG1 read through secure messaging.
func Example() {
	chip, err := vchip.New(vchip.Config{
		DocumentNumber: "L898902C<", BirthDate: "690806", ExpiryDate: "940623",
		Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Sex: "F", Nationality: "UTO",
		Protocol: "bac",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if _, err := chip.Transmit(ctx, []byte{0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01}); err != nil {
		fmt.Println(err)
		return
	}
	seed, _ := icao.BACKeySeed("L898902C<", "690806", "940623")
	sm, err := icao.BAC(ctx, chip, seed, rand.Reader)
	if err != nil {
		fmt.Println(err)
		return
	}
	ch := icao.NewChannel(chip, sm)
	// READ BINARY with short file identifier 01 (DG1), offset 0, Le 00.
	raw, err := ch.Transmit(ctx, []byte{0x00, 0xB0, 0x81, 0x00, 0x00})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, _ := iso7816.ParseResponse(raw)
	text, err := lds.ParseDG1(resp.Data)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Split(text, "\n")[0])
	// Output: P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
}
