package printer_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

// rollPrinter stands in for printer.NewTCP or NewDevice: it refuses with the
// *StatusError they return when DLE EOT says the roll is empty.
type rollPrinter struct{ empty bool }

func (p *rollPrinter) Print(context.Context, printer.Slip) error {
	if p.empty {
		return &printer.StatusError{Status: printer.Status{Known: true, Offline: true, PaperOut: true}}
	}
	return nil
}

// The counter prints an activation letter; the printer is out of paper, so
// the job is kept; staff load paper and press "print again".
func ExampleSpool() {
	prn := &rollPrinter{empty: true}
	spool := printer.NewSpool(prn, nil)
	ctx := context.Background()

	letter := printer.Slip{Lines: []printer.Line{{Text: "ABCD-EFGH-JKLM-NPQR"}}}
	id, err := spool.Print(ctx, "activation letter", letter)
	if errors.Is(err, printer.ErrPaperOut) {
		for _, j := range spool.Failed() {
			fmt.Printf("job %d (%s) failed: %s\n", j.ID, j.Name, j.Status)
		}
	}
	prn.empty = false // staff loaded a roll
	if err := spool.Reprint(ctx, id); err == nil {
		fmt.Println("printed; jobs kept:", len(spool.Failed()))
	}
	err = spool.Reprint(ctx, id)
	fmt.Println("printed twice:", !errors.Is(err, printer.ErrNoSuchJob))
	// Output:
	// job 1 (activation letter) failed: paper out
	// printed; jobs kept: 0
	// printed twice: false
}
