package reader

import (
	"context"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// extendedCounter counts the extended-length command APDUs that reach the card,
// and gives an ATR when atr is set, as pcsc.Card does.
type extendedCounter struct {
	chip     *vchip.Chip
	atr      []byte
	extended int
}

func (e *extendedCounter) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	if cmd, err := iso7816.ParseCommand(apdu); err == nil && cmd.Extended {
		e.extended++
	}
	return e.chip.Transmit(ctx, apdu)
}

func (e *extendedCounter) ATR() ([]byte, error) { return e.atr, nil }

// TestReadExtendedFromChip: the reader decides extended length from what the chip
// says (EF.ATR/INFO's DO'7F66', the card capabilities in the ATR), and tries only
// where it says nothing. A chip that says no gets no extended APDU at all.
func TestReadExtendedFromChip(t *testing.T) {
	// 3B 88 80 01, historical bytes 80 73 00 00 00 (card capabilities: no extended
	// length) 00 00, TCK.
	noExtATR := []byte{0x3B, 0x88, 0x80, 0x01, 0x80, 0x73, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}
	for _, tt := range []struct {
		name     string
		chip     func(*vchip.Config)
		atr      []byte
		extended func(n int) bool
		want     string
		readSize int
		maxAPDUs int
	}{
		{"EF.ATR/INFO says no", func(c *vchip.Config) { c.NoExtended = true }, nil,
			func(n int) bool { return n == 0 }, "no extended APDU", 223, 0},
		{"ATR says no", func(c *vchip.Config) { c.NoExtended, c.NoATRInfo = true, true }, noExtATR,
			func(n int) bool { return n == 0 }, "no extended APDU", 223, 0},
		{"nothing said: one try", func(c *vchip.Config) { c.NoExtended, c.NoATRInfo = true, true }, nil,
			func(n int) bool { return n == 1 }, "one refused extended APDU", 223, 0},
		{"EF.ATR/INFO says 4096", func(c *vchip.Config) { c.MaxLe = 4096 }, nil,
			func(n int) bool { return n > 0 }, "extended APDUs", 4096 - 32, 40},
		{"EF.ATR/INFO says 64 KiB", nil, nil,
			func(n int) bool { return n > 0 }, "extended APDUs", 0, 32},
	} {
		t.Run(tt.name, func(t *testing.T) {
			card := &extendedCounter{chip: newChip(t, tt.chip), atr: tt.atr}
			doc, err := Read(context.Background(), card, specimenKey, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !tt.extended(card.extended) {
				t.Errorf("%d extended APDUs, want %s", card.extended, tt.want)
			}
			if tt.readSize != 0 && (doc.ReadSize > tt.readSize || doc.ReadSize < tt.readSize-16) {
				t.Errorf("read size %d, want about %d", doc.ReadSize, tt.readSize)
			}
			if tt.maxAPDUs != 0 && doc.APDUs > tt.maxAPDUs {
				t.Errorf("%d APDUs, want at most %d", doc.APDUs, tt.maxAPDUs)
			}
			t.Logf("%d APDUs, %d extended, read size %d", doc.APDUs, card.extended, doc.ReadSize)
		})
	}
}
