package pcsc

import (
	"context"
	"fmt"
	"sync"

	"github.com/ebfe/scard"
)

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
// builds from ATS or ATQB, PC/SC 2.0 part 3 §3.1.3.2.3).
func (c *Card) ATR() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
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
	return rsp, nil
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
