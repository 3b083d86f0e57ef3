package vchip

import (
	"errors"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// secureChannel is the card side of ICAO 9303-11 §9.8 secure messaging.
type secureChannel interface {
	UnwrapCommand(raw []byte) (iso7816.Command, error)
	WrapResponse(r iso7816.Response) ([]byte, error)
}

// authState is where access control stands in the current session.
type authState struct {
	sm        secureChannel
	blockSize int // of the secure-messaging cipher: 8 for 3DES, 16 for AES
}

func (a *authState) open() bool { return a.sm != nil }

// drop forgets the session keys (ICAO 9303-11 §9.8.5: after an SM error).
func (a *authState) drop() { *a = authState{} }

func smErrorStatus(err error) uint16 {
	_ = errors.Unwrap(err)
	return iso7816.SWSMObjectsIncorrect
}

func (c *Chip) bac(cmd iso7816.Command) iso7816.Response {
	return iso7816.Response{SW: iso7816.SWInsNotSupported}
}

func (c *Chip) pace(cmd iso7816.Command) iso7816.Response {
	return iso7816.Response{SW: iso7816.SWInsNotSupported}
}
