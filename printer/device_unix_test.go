//go:build unix

package printer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

func TestDeviceWritesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := printer.NewDevice(path).Print(context.Background(), ticket); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	lines, err := printer.Decode(b)
	if err != nil || len(lines) != 3 || lines[0].Text != "Borgerservice Århus" {
		t.Fatalf("device got %+v, %v", lines, err)
	}
}

func TestDeviceErrors(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing device", func(t *testing.T) {
		path := filepath.Join(dir, "lp9")
		err := printer.NewDevice(path).Print(context.Background(), ticket)
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("err = %v, want ErrNotExist", err)
		}
		if _, err := os.Stat(path); err == nil {
			t.Fatal("Print created a regular file in place of the device")
		}
	})
	t.Run("no reader", func(t *testing.T) {
		fifo := filepath.Join(dir, "noreader")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skip("mkfifo:", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := printer.NewDevice(fifo).Print(ctx, ticket); !errors.Is(err, syscall.ENXIO) {
			t.Fatalf("err = %v, want ENXIO", err)
		}
	})
	t.Run("reader never reads", func(t *testing.T) {
		fifo := filepath.Join(dir, "stuck")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skip("mkfifo:", err)
		}
		r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		// More than a pipe holds (64 KiB), so the write must block.
		big := printer.Slip{}
		for i := 0; i < 3000; i++ {
			big.Lines = append(big.Lines, printer.Line{Text: strings.Repeat("x", 40)})
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		err = printer.NewDevice(fifo).Print(ctx, big)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
			t.Fatalf("err = %v after %v, want DeadlineExceeded soon", err, time.Since(start))
		}
	})
}
