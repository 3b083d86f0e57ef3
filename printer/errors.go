package printer

import (
	"errors"
	"fmt"
)

var (
	// ErrQRTooLong is returned when a line's QR payload does not fit a
	// version 10 symbol at error correction level M (213 bytes). The limit
	// keeps the printed code small enough to scan from a receipt and equal
	// to what [Preview] can draw.
	ErrQRTooLong = errors.New("printer: QR payload too long")

	// ErrUnknownCommand is wrapped by a *DecodeError when Decode meets a
	// byte or command this package never sends.
	ErrUnknownCommand = errors.New("unknown ESC/POS command")

	// ErrTruncated is wrapped by a *DecodeError when the input ends inside a
	// command.
	ErrTruncated = errors.New("truncated ESC/POS command")

	// ErrBadIPPResponse is returned when a CUPS server answers with bytes
	// that are not an IPP message.
	ErrBadIPPResponse = errors.New("printer: malformed IPP response")
)

// DecodeError says where and in which command Decode failed. It wraps
// ErrUnknownCommand or ErrTruncated.
type DecodeError struct {
	Offset  int    // byte offset of the command's first byte
	Command string // the command as written in the Epson manual, e.g. "GS ( k"
	Err     error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("decode ESC/POS at byte %d (%s): %v", e.Offset, e.Command, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// IPPError is returned when a CUPS server refuses a print job, either at the
// HTTP level (HTTPStatus not 200) or at the IPP level (Status 0x0100 or
// above, RFC 8011 §4.1.6.2 "client-error" and "server-error" ranges).
type IPPError struct {
	HTTPStatus int    // the HTTP status code
	Status     uint16 // the IPP status-code, when the body was an IPP response
	Message    string // the status-message attribute or HTTP status text
}

func (e *IPPError) Error() string {
	if e.HTTPStatus != 200 {
		return fmt.Sprintf("printer: IPP server answered HTTP %d: %s", e.HTTPStatus, e.Message)
	}
	return fmt.Sprintf("printer: IPP status 0x%04x: %s", e.Status, e.Message)
}

// Errors of a printer's state, from DLE EOT (see [Status]). Print of a
// transport that can ask returns them wrapped in a *StatusError, before the
// job is sent.
var (
	// ErrPaperOut means the roll paper sensor sees no paper.
	ErrPaperOut = errors.New("printer: out of paper")

	// ErrCoverOpen means the printer's cover is open.
	ErrCoverOpen = errors.New("printer: cover open")

	// ErrPrinterOffline means the printer is offline for another reason it
	// reported (a cutter error, a paper feed in progress).
	ErrPrinterOffline = errors.New("printer: offline")

	// ErrStatusUnknown means the printer's state could not be learnt: the
	// transport cannot ask (IPP to a CUPS raw queue, the preview), or the
	// printer did not answer DLE EOT in time or answered with other bytes.
	ErrStatusUnknown = errors.New("printer: status unknown")
)

// Errors of a [Spool].
var (
	// ErrNoSuchJob is returned by Reprint and Discard for a job the spool
	// does not keep: it printed, was discarded, or never existed.
	ErrNoSuchJob = errors.New("printer: no such job in the spool")

	// ErrJobBusy is returned by Reprint and Discard while the job is being
	// printed by another call.
	ErrJobBusy = errors.New("printer: job is being printed")
)
