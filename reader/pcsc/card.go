package pcsc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ebfe/scard"
)

// removalGrace is how long Transmit waits for pcscd to confirm a removal after an
// answer without status word; pcscd polls card presence a few times a second.
const removalGrace = time.Second

// Card is a connection to the card in one reader. It satisfies iso7816.Transmitter.
// Its methods may be called from several goroutines; APDUs are sent one at a time.
type Card struct {
	mu     sync.Mutex
	card   *scard.Card
	reader string
}

// Reader returns the name of the reader the card is in.
func (c *Card) Reader() string { return c.reader }

// ATR returns the card's answer to reset (for a contactless card, the one the reader
// builds from ATS or ATQB, PC/SC 2.0 part 3 §3.1.3.2.3). After Close it gives
// ErrCardRemoved, as Transmit does.
func (c *Card) ATR() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.card == nil {
		return nil, fmt.Errorf("pcsc: status: %w", ErrCardRemoved)
	}
	st, err := c.card.Status()
	if err != nil {
		return nil, wrap("status", err)
	}
	return st.Atr, nil
}

// Transmit sends one command APDU and returns the response APDU (data, SW1, SW2).
// PC/SC cannot interrupt an exchange in flight, so ctx is checked before sending; a
// card that leaves the reader meanwhile yields ErrCardRemoved.
func (c *Card) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pcsc: transmit: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.card == nil {
		return nil, fmt.Errorf("pcsc: transmit: %w", ErrCardRemoved)
	}
	rsp, err := c.card.Transmit(apdu)
	if err != nil {
		return nil, wrap(opTransmit, err)
	}
	if len(rsp) < 2 {
		// pcsc-lite passes on what the driver got: a card that left in the middle
		// of the exchange can leave an empty answer and a success code.
		return nil, c.noStatusWord(ctx, len(rsp))
	}
	return rsp, nil
}

// noStatusWord explains an answer without status word: ErrCardRemoved if the reader
// reports the card gone within removalGrace (pcscd notices a removal on its next
// presence poll), else a plain error.
func (c *Card) noStatusWord(ctx context.Context, n int) error {
	deadline := time.Now().Add(removalGrace)
	for {
		st, err := c.card.Status()
		switch {
		case err != nil:
			if err := wrap(opTransmit, err); errors.Is(err, ErrCardRemoved) || errors.Is(err, ErrNoCard) {
				return &Error{Op: opTransmit, Kind: ErrCardRemoved, Code: scard.ErrRemovedCard}
			}
		case st.State&scard.Present == 0:
			return &Error{Op: opTransmit, Kind: ErrCardRemoved, Code: scard.ErrRemovedCard}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("pcsc: transmit: the reader returned %d bytes, no status word", n)
		}
		sleep(ctx, 50*time.Millisecond)
	}
}

// Close disconnects and resets the card, so that no other application inherits the
// secure channel this one opened. Closing twice is harmless.
func (c *Card) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.card == nil {
		return nil
	}
	err := c.card.Disconnect(scard.ResetCard)
	c.card = nil
	return wrap(opClose, err)
}
