//go:build linux

package printer_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

// ptyPrinter is a bidirectional character device for the device transport,
// made from a pseudo-terminal in raw mode: the test plays the printer on the
// master side, answering DLE EOT with the bytes of answers and collecting the
// job, the way a USB printer does on /dev/usb/lp0.
func ptyPrinter(t *testing.T, answers []byte) (path string, job <-chan []byte) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skip("no pseudo-terminals:", err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skip("unlockpt:", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skip("ptsname:", err)
	}
	path = fmt.Sprintf("/dev/pts/%d", n)
	slave, err := os.OpenFile(path, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skip("open the pty's slave:", err)
	}
	// Raw mode (cfmakeraw): no echo, no line editing, no CR/LF translation,
	// 8-bit bytes, so ESC/POS passes through unchanged.
	tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	tio.Cflag = tio.Cflag&^(unix.CSIZE|unix.PARENB) | unix.CS8
	tio.Cc[unix.VMIN], tio.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(int(slave.Fd()), unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
	// Keep one slave open for the test's life, so the pty's settings stay and
	// the master's reads block instead of failing between two opens.
	t.Cleanup(func() { slave.Close() })

	out := make(chan []byte, 1)
	go func() {
		q := make([]byte, 9)
		if _, err := io.ReadFull(master, q); err != nil {
			out <- nil
			return
		}
		if string(q) != "\x10\x04\x01\x10\x04\x02\x10\x04\x04" {
			out <- append([]byte("unexpected: "), q...)
			return
		}
		if len(answers) > 0 {
			_, _ = master.Write(answers)
		}
		// The job follows; it ends with GS V 66 0 (the cut).
		var b []byte
		buf := make([]byte, 4096)
		for len(b) < 4 || string(b[len(b)-4:]) != "\x1d\x56\x42\x00" {
			n, err := master.Read(buf)
			b = append(b, buf[:n]...)
			if err != nil {
				break
			}
		}
		out <- b
	}()
	return path, out
}

func TestDeviceAsksStatus(t *testing.T) {
	t.Run("ready", func(t *testing.T) {
		path, job := ptyPrinter(t, []byte{0x12, 0x12, 0x12})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := printer.NewDevice(path, patient).Print(ctx, ticket); err != nil {
			t.Fatal(err)
		}
		lines, err := printer.Decode(<-job)
		if err != nil || len(lines) != 3 || lines[0].Text != "Borgerservice Århus" {
			t.Fatalf("device got %+v, %v", lines, err)
		}
	})
	t.Run("paper out", func(t *testing.T) {
		// DLE EOT 1: offline; 2: stopped at paper end; 4: roll paper end.
		path, _ := ptyPrinter(t, []byte{0x1A, 0x32, 0x72})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := printer.NewDevice(path, patient).Print(ctx, ticket)
		if !errors.Is(err, printer.ErrPaperOut) || !printer.StatusOf(err).PaperOut {
			t.Fatalf("err = %v, want ErrPaperOut", err)
		}
	})
	t.Run("cover open, asked on its own", func(t *testing.T) {
		path, _ := ptyPrinter(t, []byte{0x1A, 0x16, 0x12})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		st, err := printer.CheckStatus(ctx, printer.NewDevice(path, patient))
		if err != nil || !st.CoverOpen || st.PaperOut {
			t.Fatalf("Status = %+v, %v; want cover open", st, err)
		}
	})
	t.Run("no answer", func(t *testing.T) {
		path, job := ptyPrinter(t, nil)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := printer.NewDevice(path, printer.StatusWait(100*time.Millisecond)).Print(ctx, ticket); err != nil {
			t.Fatal(err)
		}
		if lines, err := printer.Decode(<-job); err != nil || len(lines) != 3 {
			t.Fatalf("device got %+v, %v", lines, err)
		}
	})
}
