package booking

import (
	"errors"
	"fmt"
	"time"
)

// ErrNotFound is returned (wrapped) by a Store when an appointment, service or ticket does not exist.
var ErrNotFound = errors.New("booking: not found")

// ErrDeskUnreachable is wrapped by a desk on the other side of a network that did not
// answer (refused, timed out, 5xx): whether a command was applied is unknown, and the next
// try may simply succeed. Screens say so and disable what needs the desk; they need not
// know which client they talk to (site.ErrDeskUnreachable wraps this).
var ErrDeskUnreachable = errors.New("booking: the desk cannot be reached")

// Errors of check-in and walk-in. The kiosk maps each to a short translated sentence; they
// are returned wrapped with context, so compare with errors.Is.
var (
	// ErrInvalidCode: a typed or scanned booking code has a character that is not a digit,
	// is not 8 digits long, or its Damm check digit is wrong (a mistyped digit or two
	// swapped neighbours). The citizen should type it again.
	ErrInvalidCode = errors.New("booking: invalid booking code")

	// ErrUnknownCode: the booking code is well formed but no appointment has it (not booked
	// at this centre, or not yet synchronised from the central system).
	ErrUnknownCode = errors.New("booking: unknown booking code")

	// ErrNoMatch: no appointment today matches the birth date (and first name, if given).
	ErrNoMatch = errors.New("booking: no appointment matches")

	// ErrNeedFirstName: several citizens born on the given day have appointments today;
	// the kiosk should ask for the first name and try again.
	ErrNeedFirstName = errors.New("booking: several appointments match; first name needed")

	// ErrAmbiguous: several different citizens share both the birth date and the first name
	// today, so the kiosk cannot tell them apart; the citizen should use the booking code
	// or ask the staff.
	ErrAmbiguous = errors.New("booking: several citizens share birth date and first name")

	// ErrAppointmentCancelled: the appointment exists but was cancelled.
	ErrAppointmentCancelled = errors.New("booking: appointment cancelled")

	// ErrUnknownService: no service with that ID is offered today.
	ErrUnknownService = errors.New("booking: unknown service")

	// ErrInvalidBirthDate: a birth date is not DDMMYY, names no calendar day, is today or in
	// the future, or lies more than MaxAge in the past.
	ErrInvalidBirthDate = errors.New("booking: invalid birth date")

	// ErrBadScan: a scanner delivered something that is not a booking confirmation's
	// barcode or QR code (another code, scanner noise, or a truncated QR code). The citizen
	// should scan again or type the code.
	ErrBadScan = errors.New("booking: not a booking confirmation")
)

// TooEarlyError is returned when a citizen checks in before the check-in window opens,
// including for an appointment on a later day. The kiosk says when to come back.
type TooEarlyError struct {
	Start      time.Time // the appointment's start
	ComeBackAt time.Time // when the check-in window opens: Start - Rules.Early
}

func (e *TooEarlyError) Error() string {
	return fmt.Sprintf("booking: too early to check in for %s; come back at %s",
		e.Start.Format(time.DateTime), e.ComeBackAt.Format(time.DateTime))
}

// TooLateError is returned when a citizen checks in after the check-in window closed
// (Start + Rules.Late) and has no ticket yet. The kiosk then offers a walk-in ticket for
// the same service.
type TooLateError struct {
	Start time.Time // the appointment's start
}

func (e *TooLateError) Error() string {
	return fmt.Sprintf("booking: too late to check in for %s", e.Start.Format(time.DateTime))
}

// Errors of the counter's actions (counter.go).
var (
	// ErrQueueEmpty: CallNext found no ticket waiting for the counter's services.
	ErrQueueEmpty = errors.New("booking: no ticket waiting")

	// ErrUnknownTicket: no ticket with that number was issued today.
	ErrUnknownTicket = errors.New("booking: unknown ticket")

	// ErrNoCounter: a ticket was to be called without naming the counter.
	ErrNoCounter = errors.New("booking: no counter named")

	// ErrTicketState: the action does not apply to the ticket as it stands, such as
	// finishing a ticket that is still waiting or recalling one that was served.
	// A *TicketStateError says which; compare with errors.Is.
	ErrTicketState = errors.New("booking: action does not fit the ticket's status")
)

// TicketStateError is returned when a counter action does not apply to a ticket's status,
// usually because another counter or an earlier tap has moved the ticket on.
// It matches ErrTicketState with errors.Is.
type TicketStateError struct {
	Number string       // the ticket
	Status TicketStatus // its status when the action came
	Action string       // "recall", "start", "no-show", "finish" or "transfer"
}

func (e *TicketStateError) Error() string {
	return fmt.Sprintf("booking: cannot %s ticket %s: it is %s", e.Action, e.Number, e.Status)
}

// Is reports whether target is ErrTicketState.
func (e *TicketStateError) Is(target error) bool { return target == ErrTicketState }
