package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	var stderr bytes.Buffer
	o, err := parseFlags([]string{"--doc", "L898902C<", "--birth", "690806", "--expiry", "940623",
		"--name", "HANSEN<<ANNE<MARIE", "--protocol", "pace", "--no-extended", "--max-le", "128",
		"--can", "123456", "--drop-after", "5000", "--corrupt-mac",
		"--plain-errors", "--no-sfi", "--alter-card-access", "--no-atr-info", "--atr-caps"}, &stderr)
	if err != nil {
		t.Fatalf("parseFlags: %v (%s)", err, stderr.String())
	}
	c := o.chip
	if o.vpcd != "127.0.0.1:35963" || c.Surname != "HANSEN" || c.GivenNames != "ANNE MARIE" ||
		c.Protocol != "pace" || !c.NoExtended || c.MaxLe != 128 || c.CAN != "123456" ||
		c.DropAfterBytes != 5000 || !c.CorruptMAC || !c.PlainErrors || !c.NoSFI || !c.AlterCardAccess ||
		!c.NoATRInfo || !c.ATRCapabilities {
		t.Errorf("parsed %+v", o)
	}
	for _, args := range [][]string{
		{"--birth", "690806", "--expiry", "940623"},
		{"--doc", "X", "--birth", "690806", "--expiry", "940623", "extra"},
		{"--doc", "X", "--birth", "690806", "--expiry", "940623", "--photo", "/nonexistent.jpg"},
		{"--bogus"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", args)
		}
	}
}

// TestServeReinserts checks that the card comes back after vpcd drops the connection,
// and that serve returns when its context ends.
func TestServeReinserts(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	o, err := parseFlags([]string{"--vpcd", ln.Addr().String(), "--doc", "L898902C<", "--birth", "690806", "--expiry", "940623"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, o, slog.New(slog.NewTextHandler(&logs, nil))) }()
	for insertion := 0; insertion < 2; insertion++ {
		_ = ln.(*net.TCPListener).SetDeadline(time.Now().Add(10 * time.Second))
		conn, err := ln.Accept()
		if err != nil {
			t.Fatalf("insertion %d: %v", insertion, err)
		}
		conn.Close() // pcscd went away: the chip must connect again
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return after its context ended")
	}
	if bytes.Contains(logs.Bytes(), []byte("L898902C")) || bytes.Contains(logs.Bytes(), []byte("690806")) {
		t.Errorf("logs hold document data:\n%s", logs.String())
	}
	if errors.Is(ctx.Err(), context.Canceled) && !bytes.Contains(logs.Bytes(), []byte("re-inserting")) {
		t.Errorf("logs do not tell of the re-insertion:\n%s", logs.String())
	}
}

// TestCSCAOutAndTamper checks the authenticity flags: the CSCA is written as PEM
// before the card goes in, and an unknown forgery is refused.
func TestCSCAOutAndTamper(t *testing.T) {
	out := t.TempDir() + "/csca.pem"
	base := []string{"--vpcd", "127.0.0.1:1", "--doc", "L898902C<", "--birth", "690806", "--expiry", "940623"}
	o, err := parseFlags(append(base, "--csca-out", out, "--tamper", "clone", "--active-auth", "rsa"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.chip.Tamper != "clone" || o.chip.ActiveAuth != "rsa" || o.cscaOut != out {
		t.Fatalf("parsed %+v", o)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := serve(ctx, o, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("serve: %v", err)
	}
	pemBytes, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pemBytes, []byte("-----BEGIN CERTIFICATE-----")) {
		t.Fatalf("CSCA file: %v %q", err, pemBytes)
	}
	o, err = parseFlags(append(base, "--tamper", "photo"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := serve(ctx, o, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
		t.Error("unknown tamper accepted")
	}
}
