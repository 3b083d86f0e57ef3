package pcsc

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ebfe/scard"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		op   string
		code scard.Error
		want error // nil: no sentinel
	}{
		{opEstablish, scard.ErrNoService, ErrNoService},
		{opTransmit, scard.ErrServiceStopped, ErrNoService},
		{opList, scard.ErrNoReadersAvailable, ErrNoReader},
		{opConnect, scard.ErrUnknownReader, ErrNoReader},
		{opConnect, scard.ErrNoSmartcard, ErrNoCard},
		{opConnect, scard.ErrRemovedCard, ErrNoCard},
		{opConnect, scard.ErrUnresponsiveCard, ErrNoCard},
		{opConnect, scard.ErrSharingViolation, nil},
		{opTransmit, scard.ErrRemovedCard, ErrCardRemoved},
		{opTransmit, scard.ErrNoSmartcard, ErrCardRemoved},
		{opTransmit, scard.ErrResetCard, ErrCardRemoved},
		{opTransmit, scard.ErrUnpoweredCard, ErrCardRemoved},
		{opTransmit, scard.ErrCommError, ErrCardRemoved},
		{opStatus, scard.ErrTimeout, ErrTimeout},
		{opStatus, scard.ErrReaderUnavailable, ErrReaderGone},
		{opTransmit, scard.ErrReaderUnavailable, ErrReaderGone},
		{opStatus, scard.ErrCancelled, context.Canceled},
		{opTransmit, scard.ErrInvalidParameter, nil},
	}
	sentinels := []error{ErrNoService, ErrNoReader, ErrNoCard, ErrCardRemoved, ErrTimeout, ErrReaderGone, context.Canceled}
	for _, tt := range tests {
		t.Run(tt.op+"/"+tt.code.Error(), func(t *testing.T) {
			err := wrap(tt.op, tt.code)
			if !errors.Is(err, tt.code) {
				t.Errorf("%v does not match its code", err)
			}
			for _, s := range sentinels {
				if got := errors.Is(err, s); got != (s == tt.want) {
					t.Errorf("errors.Is(%v, %v) = %v", err, s, got)
				}
			}
			if !strings.Contains(err.Error(), tt.op) {
				t.Errorf("%q does not name the operation", err)
			}
		})
	}
}

func TestWrapOther(t *testing.T) {
	if wrap(opTransmit, nil) != nil {
		t.Error("wrap(nil) != nil")
	}
	base := errors.New("boom")
	if err := wrap(opTransmit, base); !errors.Is(err, base) {
		t.Errorf("wrap lost %v: %v", base, err)
	}
}

func TestNoServiceSaysHowToStart(t *testing.T) {
	msg := wrap(opEstablish, scard.ErrNoService).Error()
	for _, want := range []string{"pcscd", "systemctl start pcscd"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not mention %q", msg, want)
		}
	}
}

func TestCardReady(t *testing.T) {
	tests := []struct {
		s    scard.StateFlag
		want bool
	}{
		{scard.StatePresent, true},
		{scard.StatePresent | scard.StateInuse | scard.StateChanged, true},
		{scard.StatePresent | scard.StateMute, false},
		{scard.StatePresent | scard.StateExclusive, false},
		{scard.StateEmpty, false},
		{scard.StateUnavailable, false},
	}
	for _, tt := range tests {
		if got := cardReady(tt.s); got != tt.want {
			t.Errorf("cardReady(%#x) = %v", tt.s, got)
		}
	}
}

func TestClosedCard(t *testing.T) {
	c := &Card{}
	if _, err := c.Transmit(context.Background(), []byte{0, 0xA4, 0, 0}); !errors.Is(err, ErrCardRemoved) {
		t.Errorf("Transmit on closed card: %v", err)
	}
	if _, err := c.ATR(); !errors.Is(err, ErrCardRemoved) {
		t.Errorf("ATR on closed card: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close twice: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Transmit(ctx, []byte{0, 0xA4, 0, 0}); !errors.Is(err, context.Canceled) {
		t.Errorf("Transmit with cancelled ctx: %v", err)
	}
}
