package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// Waits between two insertions of the card. Short after the card was pulled away (the
// tests of a reader's recovery want it back soon), growing while nothing listens.
const (
	reinsertDelay = 500 * time.Millisecond
	maxRetryDelay = 5 * time.Second
)

// serve builds the chip and keeps it inserted into the vpcd reader until ctx ends.
func serve(ctx context.Context, o options, logger *slog.Logger) error {
	chip, err := vchip.New(o.chip)
	if err != nil {
		return fmt.Errorf("build the chip: %w", err)
	}
	if o.cscaOut != "" {
		// Written before the card goes in, so a reader started afterwards can trust it.
		if err := os.WriteFile(o.cscaOut, chip.PKI().CSCAPEM(), 0o644); err != nil {
			return fmt.Errorf("write the CSCA certificate: %w", err)
		}
		logger.Info("test CSCA written", "file", o.cscaOut)
	}
	logger.Info("virtual chip ready", "vpcd", o.vpcd, "protocol", o.chip.Protocol,
		"no_extended", o.chip.NoExtended, "max_le", o.chip.MaxLe,
		"drop_after", o.chip.DropAfterBytes, "corrupt_mac", o.chip.CorruptMAC,
		"active_auth", o.chip.ActiveAuth, "chip_auth", o.chip.ChipAuth, "tamper", o.chip.Tamper)
	delay := reinsertDelay
	for {
		err := chip.ServeVPCD(ctx, o.vpcd)
		var op *net.OpError
		switch {
		case ctx.Err() != nil:
			logger.Info("card removed; stopping")
			return nil
		case errors.Is(err, vchip.ErrCardRemoved):
			logger.Info("card pulled away from the reader (drop-after reached); re-inserting")
			delay = reinsertDelay
		case errors.As(err, &op) && op.Op == "dial":
			logger.Warn("cannot reach vpcd (is pcscd running?); retrying", "err", err, "in", delay)
			delay = min(2*delay, maxRetryDelay)
		default:
			logger.Warn("connection to vpcd ended; re-inserting", "err", err)
			delay = reinsertDelay
		}
		select {
		case <-ctx.Done():
			logger.Info("stopping")
			return nil
		case <-time.After(delay):
		}
	}
}
