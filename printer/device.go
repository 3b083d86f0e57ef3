package printer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
)

// devicePrinter writes to a printer's character device.
type devicePrinter struct {
	path string
	opt  options
}

// NewDevice returns a Printer for a USB printer's character device, e.g.
// "/dev/usb/lp0". The device is opened non-blocking, so that an absent
// reader (a FIFO in tests) fails at once and a printer that stops taking
// data makes Print fail when ctx ends instead of hanging.
//
// A USB printer class device is bidirectional: when the path is a character
// device that opens for reading too, Print first asks the printer for its
// state (DLE EOT, see [Status]) and refuses with a *StatusError when it
// cannot print, as the TCP transport does. A regular file or a FIFO is only
// written to. The returned Printer is also a [StatusChecker].
func NewDevice(path string, opts ...Option) Printer {
	return devicePrinter{path: path, opt: newOptions(opts)}
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
	f, canRead, err := p.open()
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.path, err)
	}
	stop := stopOnDone(ctx, f)
	defer stop()
	if canRead {
		st, err := askStatus(ctx, f, p.opt.statusWait)
		if ctx.Err() != nil {
			f.Close()
			return fmt.Errorf("print to %s: status: %w", p.path, ctxErr(ctx, err))
		}
		if st.Err() != nil {
			f.Close()
			return fmt.Errorf("print to %s: %w", p.path, &StatusError{Status: st})
		}
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("print to %s: write: %w", p.path, ctxErr(ctx, err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("print to %s: close: %w", p.path, err)
	}
	return nil
}

// Status asks the printer for its state. It gives ErrStatusUnknown for a
// path that is not a character device open for reading, and for a printer
// that does not answer.
func (p devicePrinter) Status(ctx context.Context) (Status, error) {
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	f, canRead, err := p.open()
	if err != nil {
		return Status{}, fmt.Errorf("status of %s: %w: %w", p.path, err, ErrStatusUnknown)
	}
	defer f.Close()
	if !canRead {
		return Status{}, fmt.Errorf("status of %s: not a readable character device: %w", p.path, ErrStatusUnknown)
	}
	stop := stopOnDone(ctx, f)
	defer stop()
	st, err := askStatus(ctx, f, p.opt.statusWait)
	if err != nil {
		return Status{}, fmt.Errorf("status of %s: %w", p.path, err)
	}
	return st, nil
}

// open opens the device for writing, and for reading as well when it is a
// character device that allows it (the printer's answers come back on it).
// No O_CREATE: a missing device must not become a regular file.
func (p devicePrinter) open() (f *os.File, canRead bool, err error) {
	if fi, err := os.Stat(p.path); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		f, err := os.OpenFile(p.path, os.O_RDWR|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
		if err == nil {
			return f, true, nil
		}
		if !errors.Is(err, os.ErrPermission) && !errors.Is(err, syscall.EROFS) {
			return nil, false, err
		}
	}
	f, err = os.OpenFile(p.path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	return f, false, err
}
