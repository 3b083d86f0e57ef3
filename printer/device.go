package printer

import (
	"context"
	"fmt"
	"os"
	"syscall"
)

// devicePrinter writes to a printer's character device.
type devicePrinter struct {
	path string
}

// NewDevice returns a Printer for a USB printer's character device, e.g.
// "/dev/usb/lp0". The device is opened non-blocking, so that an absent
// reader (a FIFO in tests) fails at once and a printer that stops taking
// data makes Print fail when ctx ends instead of hanging.
func NewDevice(path string) Printer {
	return devicePrinter{path: path}
}

func (p devicePrinter) Print(ctx context.Context, s Slip) error {
	data, err := s.ESCPOS()
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.path, err)
	}
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("print to %s: %w", p.path, err)
	}
	// No O_CREATE: a missing device must not become a regular file.
	f, err := os.OpenFile(p.path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.path, err)
	}
	stop := stopOnDone(ctx, f)
	defer stop()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("print to %s: write: %w", p.path, ctxErr(ctx, err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("print to %s: close: %w", p.path, err)
	}
	return nil
}
