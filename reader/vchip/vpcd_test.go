package vchip

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// fakeVPCD is the driver's side of the vpcd protocol: it listens, the chip connects.
type fakeVPCD struct {
	t    *testing.T
	ln   net.Listener
	conn net.Conn
}

func newFakeVPCD(t *testing.T) *fakeVPCD {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	return &fakeVPCD{t: t, ln: ln}
}

func (f *fakeVPCD) accept() {
	f.t.Helper()
	conn, err := f.ln.Accept()
	if err != nil {
		f.t.Fatalf("accept: %v", err)
	}
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	f.t.Cleanup(func() { conn.Close() })
	f.conn = conn
}

func (f *fakeVPCD) send(payload []byte) {
	f.t.Helper()
	msg := binary.BigEndian.AppendUint16(nil, uint16(len(payload)))
	// Two writes, as Debian's vpcd sends length and payload.
	if _, err := f.conn.Write(msg); err != nil {
		f.t.Fatalf("write length: %v", err)
	}
	if _, err := f.conn.Write(payload); err != nil {
		f.t.Fatalf("write payload: %v", err)
	}
}

func (f *fakeVPCD) receive() ([]byte, error) {
	var hdr [2]byte
	if _, err := io.ReadFull(f.conn, hdr[:]); err != nil {
		return nil, err
	}
	buf := make([]byte, binary.BigEndian.Uint16(hdr[:]))
	_, err := io.ReadFull(f.conn, buf)
	return buf, err
}

func (f *fakeVPCD) exchange(payload []byte) []byte {
	f.t.Helper()
	f.send(payload)
	resp, err := f.receive()
	if err != nil {
		f.t.Fatalf("answer to % X: %v", payload, err)
	}
	return resp
}

func serve(c *Chip, ctx context.Context, addr string) chan error {
	done := make(chan error, 1)
	go func() { done <- c.ServeVPCD(ctx, addr) }()
	return done
}

func TestServeVPCDProtocol(t *testing.T) {
	c := newChip(t, func(c *Config) { c.Unprotected = true })
	vpcd := newFakeVPCD(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := serve(c, ctx, vpcd.ln.Addr().String())
	vpcd.accept()

	vpcd.send([]byte{vpcdPowerOn}) // no answer expected
	if atr := vpcd.exchange([]byte{vpcdGetATR}); !bytes.Equal(atr, c.ATR()) {
		t.Errorf("ATR over vpcd % X, want % X", atr, c.ATR())
	}
	if r := vpcd.exchange(selectEF(uint16(lds.CardAccess))); !bytes.Equal(r, []byte{0x90, 0x00}) {
		t.Errorf("SELECT EF.CardAccess over vpcd: % X", r)
	}
	want := append(fileData(t, c, uint16(lds.CardAccess)), 0x90, 0x00)
	if r := vpcd.exchange(readBinary(0, 256)); !bytes.Equal(r, want) {
		t.Errorf("READ BINARY over vpcd: % X, want % X", r, want)
	}
	vpcd.send([]byte{vpcdReset}) // no answer; the selection is forgotten
	if r := vpcd.exchange(readBinary(0, 256)); !bytes.Equal(r, []byte{0x69, 0x86}) {
		t.Errorf("READ BINARY after reset: % X, want 69 86 (no current file)", r)
	}
	// A large extended-length answer crosses several TCP segments.
	vpcd.exchange(selectApp)
	vpcd.exchange(selectEF(uint16(lds.DG2)))
	if r := vpcd.exchange(readBinary(0, 65536)); len(r) != len(fileData(t, c, uint16(lds.DG2)))+2 {
		t.Errorf("extended READ BINARY over vpcd: %d bytes", len(r))
	}
	vpcd.send([]byte{vpcdPowerOff})

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("ServeVPCD after cancel: %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ServeVPCD did not return after its context ended")
	}
}

func TestServeVPCDDriverCloses(t *testing.T) {
	c := newChip(t, nil)
	vpcd := newFakeVPCD(t)
	done := serve(c, context.Background(), vpcd.ln.Addr().String())
	vpcd.accept()
	vpcd.exchange([]byte{vpcdGetATR})
	vpcd.conn.Close()
	if err := <-done; err == nil || errors.Is(err, ErrCardRemoved) {
		t.Errorf("ServeVPCD after the driver closed: %v, want a connection error", err)
	}
}

func TestServeVPCDCardPulledAway(t *testing.T) {
	c := newChip(t, func(c *Config) { c.Unprotected, c.DropAfterBytes = true, 1000 })
	vpcd := newFakeVPCD(t)
	for insertion := 0; insertion < 2; insertion++ { // each connection is a fresh insertion
		done := serve(c, context.Background(), vpcd.ln.Addr().String())
		vpcd.accept()
		vpcd.exchange(selectApp)
		vpcd.exchange(selectEF(uint16(lds.DG2)))
		if r := vpcd.exchange(readBinary(0, 600)); len(r) != 602 {
			t.Fatalf("insertion %d: first read gave %d bytes", insertion, len(r))
		}
		vpcd.send(readBinary(600, 600))
		if r, err := vpcd.receive(); err == nil {
			t.Fatalf("insertion %d: read past DropAfterBytes answered % X", insertion, r)
		}
		if err := <-done; !errors.Is(err, ErrCardRemoved) {
			t.Errorf("insertion %d: ServeVPCD returned %v, want ErrCardRemoved", insertion, err)
		}
	}
}

func TestServeVPCDNoDriver(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if err := newChip(t, nil).ServeVPCD(context.Background(), addr); err == nil {
		t.Error("ServeVPCD with nothing listening returned nil")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := newChip(t, nil).ServeVPCD(ctx, addr); !errors.Is(err, context.Canceled) {
		t.Errorf("ServeVPCD with an ended context: %v, want context.Canceled", err)
	}
}
