package pcsc

import (
	"context"
	"errors"
	"fmt"

	"github.com/ebfe/scard"
)

var (
	// ErrNoService means the PC/SC service is not running or stopped while in use
	// (SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED).
	ErrNoService = errors.New("pcsc: the PC/SC service is not running; start it with `pcscd` or `sudo systemctl start pcscd`")
	// ErrNoReader means no card reader is connected, or the one named is unknown
	// (SCARD_E_NO_READERS_AVAILABLE, SCARD_E_UNKNOWN_READER).
	ErrNoReader = errors.New("pcsc: no card reader found")
	// ErrNoCard means the reader holds no card, or one that does not answer, when
	// connecting (SCARD_E_NO_SMARTCARD, SCARD_W_REMOVED_CARD, SCARD_W_UNRESPONSIVE_CARD).
	ErrNoCard = errors.New("pcsc: no card in the reader")
	// ErrCardRemoved means the card left the reader, or was reset or powered down by
	// someone else, during a conversation: whatever state the card held (a secure
	// channel) is gone and the read must start again (SCARD_W_REMOVED_CARD,
	// SCARD_W_RESET_CARD, SCARD_W_UNPOWERED_CARD, SCARD_W_UNRESPONSIVE_CARD,
	// SCARD_E_NO_SMARTCARD, SCARD_F_COMM_ERROR during a transmit).
	ErrCardRemoved = errors.New("pcsc: the card was removed")
	// ErrTimeout means nothing happened before the deadline (SCARD_E_TIMEOUT, or the
	// caller's context deadline while waiting for a card).
	ErrTimeout = errors.New("pcsc: timed out")
	// ErrReaderGone means the reader was unplugged while in use
	// (SCARD_E_READER_UNAVAILABLE), or disappeared while waiting for a card in it.
	ErrReaderGone = errors.New("pcsc: the card reader was disconnected")
)

// Error is a failed PC/SC call. errors.Is matches both its Kind (one of this
// package's sentinels, when the code maps to one) and its scard.Error code.
type Error struct {
	Op   string      // what was being done: "establish context", "connect", "transmit", ...
	Kind error       // ErrNoService, ErrCardRemoved, ...; nil when no sentinel fits
	Code scard.Error // the PC/SC return code
}

func (e *Error) Error() string {
	if e.Kind == nil {
		return fmt.Sprintf("pcsc: %s: %v (0x%08X)", e.Op, e.Code, uint32(e.Code))
	}
	return fmt.Sprintf("%v: %s (%v)", e.Kind, e.Op, e.Code)
}

// Unwrap returns the kind and the code, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Code}
	}
	return []error{e.Kind, e.Code}
}

// Operations whose failures map differently: a missing card is ErrNoCard before a
// conversation and ErrCardRemoved during one.
const (
	opEstablish = "establish context"
	opList      = "list readers"
	opStatus    = "get status change"
	opConnect   = "connect"
	opTransmit  = "transmit"
	opClose     = "disconnect"
)

// wrap turns an error from scard into an *Error with the matching kind. Errors that
// are not PC/SC codes are returned wrapped with the operation.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var code scard.Error
	if !errors.As(err, &code) {
		return fmt.Errorf("pcsc: %s: %w", op, err)
	}
	return &Error{Op: op, Kind: kindOf(op, code), Code: code}
}

func kindOf(op string, code scard.Error) error {
	switch code {
	case scard.ErrNoService, scard.ErrServiceStopped:
		return ErrNoService
	case scard.ErrNoReadersAvailable, scard.ErrUnknownReader:
		return ErrNoReader
	case scard.ErrReaderUnavailable:
		return ErrReaderGone
	case scard.ErrTimeout:
		return ErrTimeout
	case scard.ErrCancelled:
		return context.Canceled
	case scard.ErrRemovedCard, scard.ErrNoSmartcard, scard.ErrUnresponsiveCard,
		scard.ErrResetCard, scard.ErrUnpoweredCard, scard.ErrCommError:
		if op == opConnect {
			if code == scard.ErrResetCard || code == scard.ErrCommError {
				return nil
			}
			return ErrNoCard
		}
		return ErrCardRemoved
	}
	return nil
}
