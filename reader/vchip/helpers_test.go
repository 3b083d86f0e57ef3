package vchip

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// The ICAO 9303-11 Appendix D specimen: document L898902C<, born 690806, expiring 940623.
const (
	specimenDoc    = "L898902C<"
	specimenBirth  = "690806"
	specimenExpiry = "940623"
)

func specimen() Config {
	return Config{DocumentNumber: specimenDoc, BirthDate: specimenBirth, ExpiryDate: specimenExpiry,
		Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Sex: "F", Nationality: "UTO"}
}

func newChip(t testing.TB, edit func(*Config)) *Chip {
	t.Helper()
	cfg := specimen()
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// send transmits a raw APDU to tr and parses the answer.
func send(t testing.TB, tr iso7816.Transmitter, apdu []byte) iso7816.Response {
	t.Helper()
	raw, err := tr.Transmit(context.Background(), apdu)
	if err != nil {
		t.Fatalf("transmit % X: %v", apdu, err)
	}
	r, err := iso7816.ParseResponse(raw)
	if err != nil {
		t.Fatalf("answer to % X: %v", apdu, err)
	}
	return r
}

// cmd encodes a command, failing the test if it cannot be.
func cmd(t testing.TB, c iso7816.Command) []byte {
	t.Helper()
	b, err := c.Bytes()
	if err != nil {
		t.Fatalf("encode command: %v", err)
	}
	return b
}

var (
	selectApp = []byte{0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01}
	selectMF  = []byte{0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00}
)

func selectEF(fid uint16) []byte {
	return []byte{0x00, 0xA4, 0x02, 0x0C, 0x02, byte(fid >> 8), byte(fid)}
}

func readBinary(offset, ne int) []byte {
	b, _ := iso7816.Command{Ins: 0xB0, P1: byte(offset >> 8), P2: byte(offset), Ne: ne}.Bytes()
	return b
}

// bacChannel runs BAC as the terminal against c and returns the secure channel.
func bacChannel(t testing.TB, c *Chip) *icao.Channel {
	t.Helper()
	return icao.NewChannel(c, bacSession(t, c))
}

// bacSession selects the application and runs BAC as the terminal against c.
func bacSession(t testing.TB, c *Chip) *icao.SecureMessaging {
	t.Helper()
	if r := send(t, c, selectApp); !r.OK() {
		t.Fatalf("select eMRTD application: %04X", r.SW)
	}
	seed, err := icao.BACKeySeed(specimenDoc, specimenBirth, specimenExpiry)
	if err != nil {
		t.Fatal(err)
	}
	sm, err := icao.BAC(context.Background(), c, seed, rand.Reader)
	if err != nil {
		t.Fatalf("BAC: %v", err)
	}
	return sm
}

// readFile selects fid and reads it to its end in chunks of at most chunk bytes.
func readFile(t testing.TB, tr iso7816.Transmitter, fid uint16, chunk int) []byte {
	t.Helper()
	if r := send(t, tr, selectEF(fid)); !r.OK() {
		t.Fatalf("select %04X: %04X", fid, r.SW)
	}
	var out []byte
	for {
		r := send(t, tr, readBinary(len(out), chunk))
		if r.SW == iso7816.SWWrongP1P2 && len(out) > 0 {
			return out // offset past the end: the whole file is read
		}
		if !r.OK() {
			t.Fatalf("read %04X at %d: %04X", fid, len(out), r.SW)
		}
		out = append(out, r.Data...)
		if len(r.Data) < chunk {
			return out
		}
	}
}

func fileData(t testing.TB, c *Chip, fid uint16) []byte {
	t.Helper()
	for id, f := range c.files {
		if uint16(id) == fid {
			return bytes.Clone(f.data)
		}
	}
	t.Fatalf("chip has no file %04X", fid)
	return nil
}

func isRemoved(err error) bool { return errors.Is(err, ErrCardRemoved) }
