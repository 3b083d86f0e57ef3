package printer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// DLE EOT n is ESC/POS's "transmit real-time status": DLE starts the
// real-time commands, which a printer answers even while its buffer is full.
const (
	dle = 0x10
	eot = 0x04
)

// The n of DLE EOT n (transmit real-time status) that a status check sends,
// in the order it sends them; each is answered with one status byte.
const (
	statusPrinter = 1 // printer status: bit 3 offline
	statusOffline = 2 // offline cause: bit 2 cover open, bit 5 stopped at paper end, bit 6 error
	statusPaper   = 4 // roll paper sensor: bits 2-3 near end, bits 5-6 paper end
)

// statusQueries is DLE EOT 1, DLE EOT 2, DLE EOT 4.
var statusQueries = []byte{dle, eot, statusPrinter, dle, eot, statusOffline, dle, eot, statusPaper}

// DefaultStatusWait is how long a status check waits for the printer's
// answer unless [StatusWait] says otherwise. An Epson printer answers DLE EOT
// within milliseconds, even while busy; one that has not answered after this
// long does not speak the command, and its job is sent anyway (the kiosk's
// print timeout is 20 s, so this leaves most of it).
const DefaultStatusWait = 3 * time.Second

// An Option changes how [NewTCP] and [NewDevice] talk to the printer.
type Option func(*options)

type options struct {
	statusWait time.Duration // <= 0: do not ask
}

// StatusWait sets how long Print and Status wait for the answer to DLE EOT
// before they take the printer's state as unknown. Zero or less makes Print
// send jobs without asking, for a printer known not to speak DLE EOT (its
// Status is then always unknown).
func StatusWait(d time.Duration) Option {
	return func(o *options) { o.statusWait = d }
}

func newOptions(opts []Option) options {
	o := options{statusWait: DefaultStatusWait}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// Status is what a printer said about itself when asked with DLE EOT. The
// zero Status is "unknown": the transport could not ask (IPP, the preview),
// or the printer did not answer.
type Status struct {
	Known     bool // the printer answered all three questions
	Offline   bool // it will not print now (the reason, if it gave one, below)
	CoverOpen bool
	PaperOut  bool // the roll paper sensor sees no paper
	PaperLow  bool // the near-end sensor fired: a few metres left
	Error     bool // a cutter jam or another error that needs a person
}

// Err is why a printer in this state will not print a job: an error wrapping
// ErrPaperOut, ErrCoverOpen, or ErrPrinterOffline (joined when there are
// several), or nil when it will print or its state is unknown. Paper low is
// not an error: the slip still prints.
func (s Status) Err() error {
	if !s.Known {
		return nil
	}
	var errs []error
	if s.PaperOut {
		errs = append(errs, ErrPaperOut)
	}
	if s.CoverOpen {
		errs = append(errs, ErrCoverOpen)
	}
	if len(errs) == 0 && (s.Offline || s.Error) {
		errs = append(errs, ErrPrinterOffline)
	}
	return errors.Join(errs...)
}

// String is a short English summary for logs and the print-test command.
func (s Status) String() string {
	if !s.Known {
		return "status unknown"
	}
	var parts []string
	for _, f := range []struct {
		on   bool
		name string
	}{{s.PaperOut, "paper out"}, {s.CoverOpen, "cover open"}, {s.Error, "error"},
		{s.Offline && !s.PaperOut && !s.CoverOpen && !s.Error, "offline"}, {s.PaperLow, "paper low"}} {
		if f.on {
			parts = append(parts, f.name)
		}
	}
	if len(parts) == 0 {
		return "ready"
	}
	return strings.Join(parts, ", ")
}

// A StatusChecker is a Printer that can ask the printer for its state: the
// TCP and device transports. Status returns an error wrapping
// ErrStatusUnknown, and the zero Status, when the printer does not answer.
type StatusChecker interface {
	Status(ctx context.Context) (Status, error)
}

// CheckStatus asks p for its state if p can be asked; for any other Printer
// it returns the zero Status and ErrStatusUnknown.
func CheckStatus(ctx context.Context, p Printer) (Status, error) {
	if c, ok := p.(StatusChecker); ok {
		return c.Status(ctx)
	}
	return Status{}, fmt.Errorf("%T: %w", p, ErrStatusUnknown)
}

// StatusError is returned by Print when the printer said, before the job was
// sent, that it cannot print: the job never reached it. It unwraps to
// Status.Err(), so errors.Is(err, ErrPaperOut) works.
type StatusError struct {
	Status Status
}

func (e *StatusError) Error() string { return "printer not ready: " + e.Status.String() }

func (e *StatusError) Unwrap() error { return e.Status.Err() }

// StatusOf is the printer state a failed Print reported: the Status of a
// *StatusError in err's chain, or the zero (unknown) Status.
func StatusOf(err error) Status {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status
	}
	return Status{}
}

// isStatusByte tells a DLE EOT answer from any other byte a printer sends:
// Epson fixes bit 0 and bit 7 at 0 and bits 1 and 4 at 1 in every answer.
func isStatusByte(b byte) bool { return b&0x93 == 0x12 }

// parseStatus reads the three answers to statusQueries.
func parseStatus(answers [3]byte) (Status, error) {
	for i, b := range answers {
		if !isStatusByte(b) {
			return Status{}, fmt.Errorf("answer %d to DLE EOT is 0x%02X, not a status byte: %w",
				i+1, b, ErrStatusUnknown)
		}
	}
	p, o, r := answers[0], answers[1], answers[2]
	return Status{
		Known:     true,
		Offline:   p&0x08 != 0,
		CoverOpen: o&0x04 != 0,
		PaperOut:  o&0x20 != 0 || r&0x60 == 0x60,
		PaperLow:  r&0x0C == 0x0C,
		Error:     o&0x40 != 0,
	}, nil
}

// statusConn is a connection to a printer that can hear its answers: a
// net.Conn, or the *os.File of a USB printer device.
type statusConn interface {
	io.ReadWriter
	SetReadDeadline(time.Time) error
}

// askStatus sends the three DLE EOT queries on c and reads the answers within
// wait (or until ctx ends, if sooner), then puts the read deadline back to
// ctx's, which the caller's stopOnDone set. No answer, or one that is not a
// status byte, gives an error wrapping ErrStatusUnknown; so does a connection
// that takes no deadline (a device the runtime cannot poll), rather than
// risking a read that never returns.
func askStatus(ctx context.Context, c statusConn, wait time.Duration) (Status, error) {
	if wait <= 0 {
		return Status{}, fmt.Errorf("not asked: %w", ErrStatusUnknown)
	}
	if _, err := c.Write(statusQueries); err != nil {
		return Status{}, fmt.Errorf("send DLE EOT: %w: %w", err, ErrStatusUnknown)
	}
	deadline := time.Now().Add(wait)
	ctxDeadline, hasDeadline := ctx.Deadline()
	if hasDeadline && ctxDeadline.Before(deadline) {
		deadline = ctxDeadline
	}
	if err := c.SetReadDeadline(deadline); err != nil {
		return Status{}, fmt.Errorf("status read deadline: %w: %w", err, ErrStatusUnknown)
	}
	var answers [3]byte
	_, err := io.ReadFull(c, answers[:])
	if rerr := c.SetReadDeadline(ctxDeadline); rerr != nil && err == nil {
		err = rerr // the zero time when ctx has none: no deadline, as before
	}
	if err != nil {
		return Status{}, fmt.Errorf("read DLE EOT answers: %w: %w", err, ErrStatusUnknown)
	}
	return parseStatus(answers)
}
