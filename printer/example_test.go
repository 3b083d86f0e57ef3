package printer_test

import (
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

// A walk-in ticket as the kiosk might build it from translated strings.
func ExampleSlip_ESCPOS() {
	ticket := printer.Slip{Lines: []printer.Line{
		{Text: "Borgerservice", Align: printer.Center, Bold: true, Feed: 1},
		{Text: "B042", Align: printer.Center, Size: printer.Huge, Feed: 1},
		{Rule: true},
		{Text: "Du er nummer 4 i køen", Align: printer.Center},
	}}
	b, err := ticket.ESCPOS()
	if err != nil {
		fmt.Println(err)
		return
	}
	lines, _ := printer.Decode(b)
	for _, l := range lines {
		fmt.Printf("%q size=%d bold=%v rule=%v\n", l.Text, l.Size, l.Bold, l.Rule)
	}
	// Output:
	// "Borgerservice" size=0 bold=true rule=false
	// "B042" size=3 bold=false rule=false
	// "" size=0 bold=false rule=true
	// "Du er nummer 4 i køen" size=0 bold=false rule=false
}
