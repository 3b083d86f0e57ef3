package printer

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"time"
)

// A Printer prints slips. Print returns when the printer has taken the
// whole slip, or with an error when the context ends first (after 30 s when
// ctx has no deadline); it never retries, since a slip printed twice hands
// out a ticket twice.
type Printer interface {
	Print(ctx context.Context, s Slip) error
}

// PreviewPrinter is the demo mode's printer: it "prints" by rendering the
// slip with [Preview] and handing the image to Last, which shows it on
// screen. Its zero value checks the slip and discards the image.
type PreviewPrinter struct {
	Last func(image.Image)
}

// Print encodes the slip first, so that a slip the real printer would
// refuse fails here too, then renders it.
func (p PreviewPrinter) Print(ctx context.Context, s Slip) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("print preview: %w", err)
	}
	if _, err := s.ESCPOS(); err != nil {
		return fmt.Errorf("print preview: %w", err)
	}
	if p.Last != nil {
		p.Last(Preview(s))
	}
	return nil
}

// defaultTimeout bounds a print whose ctx has no deadline: a kiosk must
// come back to its start screen even when the printer is gone.
const defaultTimeout = 30 * time.Second

// withDefaultTimeout gives ctx a deadline of defaultTimeout if it has none.
func withDefaultTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, defaultTimeout)
}

// stopOnDone makes a blocked read or write return when ctx ends, by moving
// the deadline of c into the past; the returned func stops that.
func stopOnDone(ctx context.Context, c interface{ SetDeadline(time.Time) error }) (stop func() bool) {
	if d, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(d) // a file without deadline support still stops on cancel below
	}
	return context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Unix(1, 0)) })
}

// ctxErr prefers the context's error to the i/o timeout it caused, so that
// callers can test errors.Is(err, context.DeadlineExceeded).
// The deadline set from ctx may fire a moment before ctx's own timer does;
// as nothing else sets one, an i/o timeout means ctx is ending, so wait.
func ctxErr(ctx context.Context, err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) && ctx.Done() != nil {
		<-ctx.Done()
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	return err
}
