package kiosk

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

// printProblem is what the ticket screen tells a citizen whose ticket did not print, with
// the number to note down: the printer's own reason where it gave one (the transport asked
// it with DLE EOT), else that it is not working. Staff read the detail in the log.
func printProblem(err error, number string) string {
	data := map[string]any{"Number": number}
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return lang.L("The printer is out of paper. Please note your number: {{.Number}}", data)
	case errors.Is(err, printer.ErrCoverOpen):
		return lang.L("The printer's lid is open. Please note your number: {{.Number}}", data)
	}
	return lang.L("The printer is not working. Please remember your number.")
}
