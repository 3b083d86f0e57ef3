// Package printertest provides a capturing network printer for tests of
// packages that print: it listens like a printer's raw TCP port and hands
// back each job decoded into lines.
package printertest

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

// jobTimeout bounds how long one connection may take to send its job, so a
// stuck client cannot hold the test open.
const jobTimeout = 10 * time.Second

// Listen starts a printer on 127.0.0.1 and returns its address, for
// printer.NewTCP, and a channel that receives every job's decoded lines,
// one receive per connection. A job that does not decode fails the test.
// The listener stops when the test ends; the channel is then closed.
func Listen(t testing.TB) (addr string, slips <-chan []printer.DecodedLine) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("printertest: listen: %v", err)
	}
	return ln.Addr().String(), serveListener(t, ln)
}

// ListenOn is Listen on a given address, for a printer that something else
// (a CUPS queue's socket:// device) is configured to reach.
func ListenOn(t testing.TB, addr string) (slips <-chan []printer.DecodedLine) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("printertest: listen on %s: %v", addr, err)
	}
	return serveListener(t, ln)
}

func serveListener(t testing.TB, ln net.Listener) <-chan []printer.DecodedLine {
	out := make(chan []printer.DecodedLine, 16)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return // closed by Cleanup
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				serve(t, conn, out, done)
			}()
		}
	}()
	t.Cleanup(func() {
		close(done)
		ln.Close()
		wg.Wait()
		close(out)
	})
	return out
}

// serve reads one job to EOF, as a printer does, closes the connection so
// that the client knows the job was taken, and decodes it.
func serve(t testing.TB, conn net.Conn, out chan<- []printer.DecodedLine, done <-chan struct{}) {
	_ = conn.SetDeadline(time.Now().Add(jobTimeout))
	b, err := io.ReadAll(conn)
	conn.Close()
	if err != nil {
		t.Errorf("printertest: read job: %v", err)
		return
	}
	if len(b) == 0 {
		return // a connection without a job, e.g. a reachability probe
	}
	lines, err := printer.Decode(b)
	if err != nil {
		t.Errorf("printertest: decode job: %v", err)
		return
	}
	select {
	case out <- lines:
	case <-done:
	}
}
