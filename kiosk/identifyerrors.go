package kiosk

import (
	"context"
	"errors"

	"fyne.io/fyne/v2/lang"

	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/pcsc"
)

// readProblem says in a sentence why a chip read failed and what staff can do. The log
// keeps the error itself, which names the step but never the key.
func readProblem(err error) string {
	switch {
	case errors.Is(err, reader.ErrAccessDenied):
		return lang.L("The chip did not accept the key. Check the MRZ or the CAN and try again.")
	case errors.Is(err, reader.ErrCANNeedsPACE):
		return lang.L("This chip cannot be opened with the CAN. Scan or type the MRZ instead.")
	case errors.Is(err, pcsc.ErrNoService):
		return lang.L("The card reader service (pcscd) is not running. Ask IT support to start it, then try again.")
	case errors.Is(err, pcsc.ErrReaderGone):
		return lang.L("The card reader was unplugged. Plug it in again and try again.")
	case errors.Is(err, pcsc.ErrNoReader):
		return lang.L("No card reader is connected. Plug in the reader and try again.")
	case errors.Is(err, reader.ErrCardRemoved), errors.Is(err, pcsc.ErrNoCard):
		return lang.L("The document was moved away from the reader. Put it back flat on the reader and try again.")
	case errors.Is(err, pcsc.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return lang.L("No document was found on the reader in time. Put it on the reader and try again.")
	case errors.Is(err, reader.ErrBadCard):
		return lang.L("The chip gave an answer that is not valid. Try again; if it happens again, check the document by eye.")
	}
	return lang.L("The chip could not be read. Try again; if it happens again, check the document by eye.")
}

// issueProblem says why no activation code was issued.
func issueProblem(err error) string {
	switch {
	case errors.Is(err, ErrCodeLimit):
		return lang.L("This counter has asked for too many codes in the last hour. No code was issued. Try again later.")
	case errors.Is(err, ErrCodeRefused):
		return lang.L("The central system refused to issue a code for this document. No code was issued.")
	case errors.Is(err, ErrCentralUnavailable), errors.Is(err, context.DeadlineExceeded):
		return lang.L("The central system cannot be reached. No code was issued. Try again in a moment.")
	}
	return lang.L("The code could not be issued. Try again.")
}
