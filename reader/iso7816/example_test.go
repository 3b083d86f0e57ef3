package iso7816_test

import (
	"context"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

func ExampleParseTLV() {
	// A DG2-like fragment: 7F61 holding a count (02) and a 7F60 with an image (5F2E).
	b := []byte{0x7F, 0x61, 0x0D, 0x02, 0x01, 0x01, 0x7F, 0x60, 0x07, 0x5F, 0x2E, 0x04, 'f', 'a', 'c', 'e'}
	obj, _, err := iso7816.ParseTLV(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	img, _ := obj.Find(0x5F2E)
	fmt.Printf("%X holds %d objects; 5F2E = %q\n", obj.Tag, len(obj.Children), img.Value)
	// Output: 7F61 holds 2 objects; 5F2E = "face"
}

// card answers a T=0-style 61xx, then the data.
type card struct{ n int }

func (c *card) Transmit(_ context.Context, cmd []byte) ([]byte, error) {
	c.n++
	fmt.Printf("> %X\n", cmd)
	if c.n == 1 {
		return []byte{0x61, 0x02}, nil
	}
	return []byte{0xCA, 0xFE, 0x90, 0x00}, nil
}

func ExampleExchange() {
	resp, err := iso7816.Exchange(context.Background(), &card{}, iso7816.Command{Ins: 0xB0, Ne: 256})
	fmt.Printf("%X %04X %v\n", resp.Data, resp.SW, err)
	// Output:
	// > 00B0000000
	// > 00C0000002
	// CAFE 9000 <nil>
}
