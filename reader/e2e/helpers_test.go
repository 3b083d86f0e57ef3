package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ebfe/scard"

	"github.com/citizenkiosk/citizenkiosk/internal/pcscdtest"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// insertedChip is a virtual chip served to pcscd's vpcd slot on a goroutine.
type insertedChip struct {
	chip   *vchip.Chip
	reader string
	cancel context.CancelFunc
	done   chan error
}

// insert builds a chip from cfg, connects it to the vpcd driver and waits until pcscd
// sees the card. The card is removed when the test ends.
func insert(t testing.TB, cfg vchip.Config) *insertedChip {
	t.Helper()
	addr, reader := pcscdtest.Start(t)
	chip, err := vchip.New(cfg)
	if err != nil {
		t.Fatalf("vchip.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ic := &insertedChip{chip: chip, reader: reader, cancel: cancel, done: make(chan error, 1)}
	go func() { ic.done <- chip.ServeVPCD(ctx, addr) }()
	t.Cleanup(ic.remove)
	waitPresent(t, reader, true)
	return ic
}

// remove pulls the card and waits until its connection is closed.
func (ic *insertedChip) remove() {
	ic.cancel()
	<-ic.done
	ic.done <- context.Canceled // later calls return at once
}

// waitPresent waits until pcscd reports the card in reader as present (or absent).
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
		states[0].CurrentState = states[0].EventState
	}
}
