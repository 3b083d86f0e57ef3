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
}

// NewTCP returns a Printer for a network printer's raw port, e.g.
// "192.168.1.50:9100". Each Print dials, writes the slip, half-closes, and
// waits for the printer to close its end, which it does once it has taken
// the job; so a printer that accepts but never reads makes Print fail when
// ctx ends instead of reporting a slip that never printed.
func NewTCP(addr string) Printer {
	return tcpPrinter{addr: addr}
}

func (p tcpPrinter) Print(ctx context.Context, s Slip) error {
	data, err := s.ESCPOS()
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.addr, err)
	}
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", p.addr)
	if err != nil {
		return fmt.Errorf("print to %s: dial: %w", p.addr, ctxErr(ctx, err))
	}
	defer conn.Close()
	stop := stopOnDone(ctx, conn)
	defer stop()
	if _, err := conn.Write(data); err != nil {
		return fmt.Errorf("print to %s: write: %w", p.addr, ctxErr(ctx, err))
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		if err := tc.CloseWrite(); err != nil {
			return fmt.Errorf("print to %s: close write: %w", p.addr, ctxErr(ctx, err))
		}
	}
	// The printer may send status bytes back (ASB); they are not needed.
	if _, err := io.Copy(io.Discard, conn); err != nil {
		return fmt.Errorf("print to %s: wait for the printer: %w", p.addr, ctxErr(ctx, err))
	}
	return nil
}
