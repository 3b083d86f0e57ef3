package reader

import (
	"errors"
	"fmt"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/pcsc"
)

// ErrAccessDenied means the chip refused the access key during PACE or BAC: the MRZ
// fields or the CAN were typed or scanned wrong. It is icao.ErrAccessDenied.
var ErrAccessDenied = icao.ErrAccessDenied

// ErrCardRemoved means the card left the reader during the read; the read must be
// started again. It is pcsc.ErrCardRemoved, which the PC/SC transport returns.
var ErrCardRemoved = pcsc.ErrCardRemoved

// ErrNoAccessKey means the AccessKey holds neither the three MRZ fields nor a CAN.
var ErrNoAccessKey = errors.New("reader: no access key: give the MRZ fields or the CAN")

// ErrCANNeedsPACE means only a CAN was given but the chip offers no PACE that this
// reader supports, so it can only be opened with BAC, which needs the MRZ fields.
var ErrCANNeedsPACE = errors.New("reader: the chip supports only BAC, which needs the MRZ (document number, birth and expiry dates), not the CAN")

// ErrBadCard means the card answered something that is not what ICAO 9303 prescribes:
// a malformed file, a response without status word, data that never ends. The card
// may be damaged or not an eMRTD.
var ErrBadCard = errors.New("reader: the card's answer is not a valid eMRTD answer")

// StepError says which step of a read failed: "card access", "pace", "bac",
// "select application", "EF.COM", "DG1", "DG2", ... Staff see the step; the
// wrapped error says why.
type StepError struct {
	Step string
	Err  error
}

func (e *StepError) Error() string {
	msg := fmt.Sprintf("reader: %s: %v", e.Step, e.Err)
	// A refused key often surfaces as a bare status word (6300): say what it means.
	if errors.Is(e.Err, ErrAccessDenied) && !strings.Contains(msg, ErrAccessDenied.Error()) {
		msg += " (" + ErrAccessDenied.Error() + ")"
	}
	return msg
}

func (e *StepError) Unwrap() error { return e.Err }

// badCard marks err, a fault in what the card sent, as ErrBadCard.
func badCard(err error) error { return fmt.Errorf("%w: %w", ErrBadCard, err) }
