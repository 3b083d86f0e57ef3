// Package printertest provides a network printer for tests of packages that
// print: it listens like a printer's raw TCP port, answers the DLE EOT status
// questions as a printer in a chosen state would, and hands back each job
// decoded into lines.
package printertest

import (
	"bufio"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

// jobTimeout bounds how long one connection may take to send its job, so a
// stuck client cannot hold the test open.
const jobTimeout = 10 * time.Second

// State is what the printer answers to DLE EOT 1, 2 and 4.
type State int32

// The states a test can give the printer.
const (
	Ready     State = iota // online, paper loaded, cover shut
	PaperOut               // offline, stopped at paper end, roll sensor: no paper
	CoverOpen              // offline, cover open
	PaperLow               // online, the near-end sensor fired
	Silent                 // answers nothing, like a printer without DLE EOT
)

// answers are the status bytes of each state, bit by bit as the Epson
// ESC/POS reference gives them: every byte has bits 1 and 4 set (0x12);
// DLE EOT 1 bit 3 = offline; DLE EOT 2 bit 2 = cover open, bit 5 = stopped
// at paper end; DLE EOT 4 bits 2-3 = near end, bits 5-6 = paper end.
var answers = map[State]map[byte]byte{
	Ready:     {1: 0x12, 2: 0x12, 4: 0x12},
	PaperOut:  {1: 0x12 | 0x08, 2: 0x12 | 0x20, 4: 0x12 | 0x60},
	CoverOpen: {1: 0x12 | 0x08, 2: 0x12 | 0x04, 4: 0x12},
	PaperLow:  {1: 0x12, 2: 0x12, 4: 0x12 | 0x0C},
}

// Printer is a fake ESC/POS network printer on 127.0.0.1.
type Printer struct {
	// Addr is the address to give printer.NewTCP.
	Addr string
	// Jobs receives every job's decoded lines, one receive per connection
	// that sent a job; a job that does not decode fails the test. It is
	// closed when the test ends.
	Jobs <-chan []printer.DecodedLine

	state     atomic.Int32
	questions atomic.Int64
}

// Start starts a Ready printer that stops when the test ends.
func Start(t testing.TB) *Printer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("printertest: listen: %v", err)
	}
	p := &Printer{Addr: ln.Addr().String()}
	p.Jobs = p.serveListener(t, ln)
	return p
}

// SetState changes what the printer answers from the next question on.
func (p *Printer) SetState(s State) { p.state.Store(int32(s)) }

// Questions is the number of DLE EOT questions the printer has been asked.
func (p *Printer) Questions() int64 { return p.questions.Load() }

// Listen starts a Ready printer on 127.0.0.1 and returns its address, for
// printer.NewTCP, and its Jobs channel.
func Listen(t testing.TB) (addr string, slips <-chan []printer.DecodedLine) {
	t.Helper()
	p := Start(t)
	return p.Addr, p.Jobs
}

// ListenOn is Listen on a given address, for a printer that something else
// (a CUPS queue's socket:// device) is configured to reach.
func ListenOn(t testing.TB, addr string) (slips <-chan []printer.DecodedLine) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("printertest: listen on %s: %v", addr, err)
	}
	p := &Printer{Addr: ln.Addr().String()}
	return p.serveListener(t, ln)
}

func (p *Printer) serveListener(t testing.TB, ln net.Listener) <-chan []printer.DecodedLine {
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
				p.serve(t, conn, out, done)
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

// serve answers the status questions that come before a job, reads the job
// to EOF, as a printer does, closes the connection so that the client knows
// the job was taken, and decodes it. A real printer answers DLE EOT anywhere
// in the stream; this one only before the job's first other byte, which is
// where printer.NewTCP asks, so that no byte of a QR payload is mistaken for
// a question.
func (p *Printer) serve(t testing.TB, conn net.Conn, out chan<- []printer.DecodedLine, done <-chan struct{}) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(jobTimeout))
	r := bufio.NewReader(conn)
	for {
		q, err := r.Peek(3)
		if err != nil || q[0] != 0x10 || q[1] != 0x04 {
			break // the job (or EOF, or a short tail) follows
		}
		p.questions.Add(1)
		if a, ok := answers[State(p.state.Load())][q[2]]; ok {
			if _, err := conn.Write([]byte{a}); err != nil {
				t.Errorf("printertest: answer DLE EOT %d: %v", q[2], err)
				return
			}
		}
		_, _ = r.Discard(3)
	}
	b, err := io.ReadAll(r)
	if err != nil && !errors.Is(err, net.ErrClosed) {
		t.Errorf("printertest: read job: %v", err)
		return
	}
	conn.Close()
	if len(b) == 0 {
		return // a status question or a reachability probe, without a job
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
