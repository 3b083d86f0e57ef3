package reader

import (
	"context"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
	"github.com/citizenkiosk/citizenkiosk/reader/pcsc"
)

// Steps of ReadFromReader before Read's own.
const (
	stepPCSC    = "pc/sc"
	stepWait    = "wait for card"
	stepConnect = "connect"
)

// ReadFromReader reads the document in a PC/SC reader: it connects to pcscd, waits
// until a card is in the named reader (the first reader with a card when name is ""),
// connects to it and runs Read. ctx bounds the whole, wait included. Failures before
// Read are *StepError too: "pc/sc" (pcscd not running: pcsc.ErrNoService), "wait for
// card" (pcsc.ErrTimeout, pcsc.ErrNoReader, ...), "connect".
func ReadFromReader(ctx context.Context, name string, key AccessKey, opts Options) (*Document, error) {
	if !key.hasMRZ() && key.CAN == "" {
		return nil, ErrNoAccessKey
	}
	pc, err := pcsc.Open()
	if err != nil {
		return nil, &StepError{Step: stepPCSC, Err: err}
	}
	defer pc.Close()
	if opts.Progress != nil {
		opts.Progress(Progress{Step: stepWait, Total: 1})
	}
	name, err = pc.WaitForCard(ctx, name)
	if err != nil {
		return nil, &StepError{Step: stepWait, Err: err}
	}
	card, err := pc.Connect(name)
	if err != nil {
		return nil, &StepError{Step: stepConnect, Err: err}
	}
	defer card.Close()
	return Read(ctx, card, key, opts)
}

// KeyFromCAN checks a card access number (6 digits) and makes it the access key.
func KeyFromCAN(can string) (AccessKey, error) {
	can, err := mrz.ParseCAN(can)
	if err != nil {
		return AccessKey{}, fmt.Errorf("access key: %w", err)
	}
	return AccessKey{CAN: can}, nil
}

// KeyFromMRZ takes the access key from an MRZ as printed or scanned (2 or 3 lines).
// An MRZ whose check digits fail is refused: its key would not open the chip.
func KeyFromMRZ(text string) (AccessKey, error) {
	m, err := mrz.Parse(text)
	if err != nil {
		return AccessKey{}, fmt.Errorf("access key from MRZ: %w", err)
	}
	return AccessKey{DocumentNumber: m.DocumentNumber, BirthDate: m.BirthDate, ExpiryDate: m.ExpiryDate}, nil
}
