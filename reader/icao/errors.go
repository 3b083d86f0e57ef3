package icao

import (
	"errors"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// ErrAccessDenied means that the chip and the terminal do not share the access key:
// the chip answered 6300 or 6982 during BAC or PACE, or the cryptogram or the
// authentication token of the other side did not verify. The usual cause is a
// mistyped MRZ or CAN.
var ErrAccessDenied = errors.New("icao: access denied (wrong MRZ or CAN?)")

// ErrMAC means that the checksum (DO'8E') of a secure-messaging APDU did not verify,
// or that the MAC of a BAC cryptogram did not. The session must be abandoned.
var ErrMAC = errors.New("icao: secure messaging checksum does not verify")

// ErrSMObjects means that a secure-messaging APDU lacks a mandatory data object
// (DO'8E', DO'99') or holds a garbled one (bad length, bad padding, unknown tag).
var ErrSMObjects = errors.New("icao: secure messaging data objects missing or incorrect")

// ErrSessionEnded means that the chip answered a command under secure messaging
// with a bare status word, without DO'99' and DO'8E'. ICAO 9303-11 §9.8.5: a chip
// that answers in plain has ended secure messaging (and when it has not, the send
// sequence counters of the two sides no longer agree), so the Channel refuses to
// send more; the caller runs PACE or BAC again for a fresh session.
var ErrSessionEnded = errors.New("icao: the chip ended the secure-messaging session")

// ErrProtocol means that the other side of BAC or PACE sent a message that does not
// follow the protocol: missing or garbled dynamic authentication data, a public key
// that is not a point of the curve, a command out of order.
var ErrProtocol = errors.New("icao: authentication protocol message incorrect")

// ErrUnsupported means that an algorithm, a mapping or a domain parameter id is not
// implemented here (the chip authentication mapping, proprietary domain
// parameters, the integrated mapping on NIST P-224).
var ErrUnsupported = errors.New("icao: algorithm or parameters not supported")

// ErrCardAccess means that EF.CardAccess (or another SecurityInfos structure) is not
// valid DER of the shape ICAO 9303-11 §9.2 prescribes.
var ErrCardAccess = errors.New("icao: SecurityInfos incorrect")

// StatusError reports a status word other than 9000 at a named step of a protocol.
// errors.Is(err, ErrAccessDenied) holds for 6300 and 6982, the words real chips
// answer to a wrong key.
type StatusError struct {
	Step string // for example "PACE general authenticate (mutual authentication)"
	SW   uint16
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("icao: %s: card answered status %04X", e.Step, e.SW)
}

// Is makes a 6300 or 6982 answer match ErrAccessDenied, and a refusal of
// MSE:Set AT for wrong data, unknown reference or unknown instruction (6A80, 6A88,
// 6D00) match ErrUnsupported, so that a caller can fall back from PACE to BAC.
func (e *StatusError) Is(target error) bool {
	switch target {
	case ErrAccessDenied:
		return e.SW == iso7816.SWWarningNoInfo || e.SW == iso7816.SWSecurityNotSatisfied
	case ErrUnsupported:
		return e.Step == stepSetAT &&
			(e.SW == iso7816.SWWrongData || e.SW == 0x6A88 || e.SW == iso7816.SWInsNotSupported)
	}
	return false
}

// ErrPassword means that the MRZ fields given to derive an access key are malformed
// (a document number with characters outside 0-9, A-Z and '<', a date not YYMMDD).
var ErrPassword = errors.New("icao: access key input incorrect")
