package printer

import (
	"context"
	"fmt"
	"io"
	"net"
)

// tcpPrinter prints to a raw TCP socket, port 9100 by custom (HP JetDirect,
// and the Ethernet interface of Epson TM printers).
type tcpPrinter struct {
	addr string
	opt  options
}

// NewTCP returns a Printer for a network printer's raw port, e.g.
// "192.168.1.50:9100". Each Print dials, asks the printer for its state
// (DLE EOT, see [Status]), and refuses with a *StatusError when it is out of
// paper, its cover is open or it is offline, so that the job is kept by the
// caller instead of vanishing into a printer that cannot print it. A printer
// that does not answer within [DefaultStatusWait] (see [StatusWait]) gets
// the job anyway.
// Print then writes the slip, half-closes, and waits for the printer to
// close its end, which it does once it has taken the job; so a printer that
// accepts but never reads makes Print fail when ctx ends instead of
// reporting a slip that never printed. The returned Printer is also a
// [StatusChecker].
func NewTCP(addr string, opts ...Option) Printer {
	return tcpPrinter{addr: addr, opt: newOptions(opts)}
}

func (p tcpPrinter) Print(ctx context.Context, s Slip) error {
	data, err := s.ESCPOS()
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.addr, err)
	}
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	conn, stop, err := p.dial(ctx)
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.addr, err)
	}
	defer conn.Close()
	defer stop()
	st, err := askStatus(ctx, conn, p.opt.statusWait)
	if ctx.Err() != nil {
		return fmt.Errorf("print to %s: status: %w", p.addr, ctxErr(ctx, err))
	}
	if st.Err() != nil {
		return fmt.Errorf("print to %s: %w", p.addr, &StatusError{Status: st})
	}
	if _, err := conn.Write(data); err != nil {
		return fmt.Errorf("print to %s: write: %w", p.addr, ctxErr(ctx, err))
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		if err := tc.CloseWrite(); err != nil {
			return fmt.Errorf("print to %s: close write: %w", p.addr, ctxErr(ctx, err))
		}
	}
	// The printer may send more bytes back (a late status answer, ASB); they
	// are not needed.
	if _, err := io.Copy(io.Discard, conn); err != nil {
		return fmt.Errorf("print to %s: wait for the printer: %w", p.addr, ctxErr(ctx, err))
	}
	return nil
}

// Status asks the printer for its state on a connection of its own, which
// carries no job.
func (p tcpPrinter) Status(ctx context.Context) (Status, error) {
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	conn, stop, err := p.dial(ctx)
	if err != nil {
		return Status{}, fmt.Errorf("status of %s: %w: %w", p.addr, err, ErrStatusUnknown)
	}
	defer conn.Close()
	defer stop()
	st, err := askStatus(ctx, conn, p.opt.statusWait)
	if ctx.Err() != nil {
		return Status{}, fmt.Errorf("status of %s: %w: %w", p.addr, ctxErr(ctx, err), ErrStatusUnknown)
	}
	if err != nil {
		return Status{}, fmt.Errorf("status of %s: %w", p.addr, err)
	}
	return st, nil
}

// dial connects and ties the connection's deadline to ctx.
func (p tcpPrinter) dial(ctx context.Context) (net.Conn, func() bool, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", p.addr)
	if err != nil {
		return nil, nil, fmt.Errorf("dial: %w", ctxErr(ctx, err))
	}
	return conn, stopOnDone(ctx, conn), nil
}
