package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebfe/scard"

	"github.com/citizenkiosk/citizenkiosk/internal/pcscdtest"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// The ICAO 9303-11 Appendix D specimen: document L898902C<, born 690806, expiring 940623.
func specimen() vchip.Config {
	return vchip.Config{DocumentNumber: "L898902C<", BirthDate: "690806", ExpiryDate: "940623",
		Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Sex: "F", Nationality: "UTO"}
}

var specimenKey = reader.AccessKey{DocumentNumber: "L898902C<", BirthDate: "690806", ExpiryDate: "940623"}

// insertedChip is a virtual chip served to pcscd's vpcd slot on a goroutine.
type insertedChip struct {
	chip   *vchip.Chip
	reader string
	cancel context.CancelFunc
	done   chan error
	err    error // what ServeVPCD returned, once it has
}

// insert builds a chip from cfg, connects it to the vpcd driver and waits until pcscd
// sees the card. The card is removed when the test ends.
func insert(t testing.TB, cfg vchip.Config) *insertedChip {
	t.Helper()
	addr, name := pcscdtest.Start(t)
	// Another card in the slot (a vchip someone runs by hand) would be read instead.
	waitPresent(t, name, false)
	chip, err := vchip.New(cfg)
	if err != nil {
		t.Fatalf("vchip.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ic := &insertedChip{chip: chip, reader: name, cancel: cancel, done: make(chan error, 1)}
	go func() { ic.done <- chip.ServeVPCD(ctx, addr) }()
	t.Cleanup(func() { ic.remove(t) })
	waitPresent(t, name, true)
	return ic
}

// remove pulls the card, waits until its connection is closed and pcscd has seen it go.
func (ic *insertedChip) remove(t testing.TB) {
	t.Helper()
	ic.wait()
	waitPresent(t, ic.reader, false)
}

// wait cancels the chip's connection (if still open) and returns what ServeVPCD said.
func (ic *insertedChip) wait() error {
	ic.cancel()
	if ic.done != nil {
		ic.err, ic.done = <-ic.done, nil
	}
	return ic.err
}

// waitPresent waits until pcscd reports a card in reader as present, or as absent.
func waitPresent(t testing.TB, reader string, present bool) {
	t.Helper()
	ctx, err := scard.EstablishContext()
	if err != nil {
		t.Fatalf("PC/SC context: %v", err)
	}
	defer ctx.Release()
	states := []scard.ReaderState{{Reader: reader, CurrentState: scard.StateUnaware}}
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := ctx.GetStatusChange(states, 500*time.Millisecond)
		if err != nil && !errors.Is(err, scard.ErrTimeout) {
			t.Fatalf("PC/SC status of %q: %v", reader, err)
		}
		if (states[0].EventState&scard.StatePresent != 0) == present {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("card in %q: present=%v not reached within 10 s", reader, present)
		}
		states[0].CurrentState = states[0].EventState &^ scard.StateChanged
	}
}

// read reads the document in the chip's reader the way the kiosk does.
func read(t testing.TB, ic *insertedChip, key reader.AccessKey, opts reader.Options) (*reader.Document, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return reader.ReadFromReader(ctx, ic.reader, key, opts)
}
