package reader_test

import (
	"context"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// Read a virtual chip in-process; a pcsc.Card from pcsc.Context.Connect works the same.
func ExampleRead() {
	chip, err := vchip.New(vchip.Config{DocumentNumber: "L898902C", BirthDate: "690806", ExpiryDate: "940623"})
	if err != nil {
		panic(err)
	}
	key := reader.AccessKey{DocumentNumber: "L898902C", BirthDate: "690806", ExpiryDate: "940623"}
	doc, err := reader.Read(context.Background(), chip, key, reader.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Protocol, doc.DataGroups, doc.Photo.Format, doc.Photo.Width, "×", doc.Photo.Height)
	// Output: PACE [1 2 11 14 15] JPEG 480 × 600
}
