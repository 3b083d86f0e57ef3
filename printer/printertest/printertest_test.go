package printertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

func TestListenCapturesJobs(t *testing.T) {
	addr, slips := Listen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	slip := printer.Slip{Lines: []printer.Line{{Text: "Aktiveringskode", Bold: true}, {QR: "ABC"}}}
	if err := printer.NewTCP(addr).Print(ctx, slip); err != nil {
		t.Fatal(err)
	}
	lines := <-slips
	if len(lines) != 2 || lines[0].Text != "Aktiveringskode" || !lines[0].Bold || lines[1].QR != "ABC" || !lines[1].Cut {
		t.Fatalf("captured %+v", lines)
	}
}

// recorder keeps the errors Listen reports instead of failing the test.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestListenReportsUndecodableJob(t *testing.T) {
	rec := &recorder{TB: t}
	addr, slips := Listen(rec)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = conn.Write([]byte{0x1B, 'p', 0, 1, 1}) // ESC p: a drawer kick, not ours
	_ = conn.(*net.TCPConn).CloseWrite()
	buf := make([]byte, 1)
	_, _ = conn.Read(buf) // returns when the listener has closed its end
	conn.Close()
	select {
	case lines := <-slips:
		t.Fatalf("undecodable job delivered as %+v", lines)
	case <-time.After(100 * time.Millisecond):
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.errs) != 1 {
		t.Fatalf("errors reported: %q, want one decode error", rec.errs)
	}
}

// The fake answers DLE EOT with the status bytes of the Epson reference,
// checked here on a raw socket so that the fake and the printer package's
// parser cannot agree on a mistake.
func TestStartAnswersStatus(t *testing.T) {
	p := Start(t)
	for state, want := range map[State][]byte{
		Ready:     {0x12, 0x12, 0x12},
		PaperOut:  {0x1A, 0x32, 0x72},
		CoverOpen: {0x1A, 0x16, 0x12},
		PaperLow:  {0x12, 0x12, 0x1E},
	} {
		p.SetState(state)
		conn, err := net.Dial("tcp", p.Addr)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := conn.Write([]byte{0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4}); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, 3)
		if _, err := io.ReadFull(conn, got); err != nil || !bytes.Equal(got, want) {
			t.Errorf("state %d: answers % X, %v; want % X", state, got, err, want)
		}
		conn.Close()
	}
	if q := p.Questions(); q != 12 {
		t.Errorf("Questions() = %d, want 12", q)
	}
}
