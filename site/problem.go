package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// RFC 9457 problem details. Each error a caller must tell apart has its own type URI; the
// client maps it back to the same Go error, so a screen behind the site client handles
// booking.ErrQueueEmpty exactly as it did with the desk in its own process.

const problemContentType = "application/problem+json"

const problemBase = "https://citizenkiosk.dk/problems/"

type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`

	// Extension members of the typed errors.
	Start      time.Time    `json:"start,omitzero"`      // too-early, too-late
	ComeBackAt time.Time    `json:"comeBackAt,omitzero"` // too-early
	Service    *wireService `json:"service,omitempty"`   // too-late: the walk-in to offer
	Number     string       `json:"number,omitempty"`    // ticket-state
	Was        string       `json:"ticketStatus,omitempty"`
	Action     string       `json:"action,omitempty"`
}

// sentinels maps problem slugs to the errors they stand for, with their HTTP status.
var sentinels = []struct {
	slug   string
	err    error
	status int
}{
	{"invalid-code", booking.ErrInvalidCode, http.StatusUnprocessableEntity},
	{"unknown-code", booking.ErrUnknownCode, http.StatusNotFound},
	{"no-match", booking.ErrNoMatch, http.StatusNotFound},
	{"need-first-name", booking.ErrNeedFirstName, http.StatusConflict},
	{"ambiguous", booking.ErrAmbiguous, http.StatusConflict},
	{"appointment-cancelled", booking.ErrAppointmentCancelled, http.StatusConflict},
	{"unknown-service", booking.ErrUnknownService, http.StatusNotFound},
	{"invalid-birth-date", booking.ErrInvalidBirthDate, http.StatusUnprocessableEntity},
	{"bad-scan", booking.ErrBadScan, http.StatusUnprocessableEntity},
	{"queue-empty", booking.ErrQueueEmpty, http.StatusConflict},
	{"unknown-ticket", booking.ErrUnknownTicket, http.StatusNotFound},
	{"no-counter", booking.ErrNoCounter, http.StatusUnprocessableEntity},
	{"not-found", booking.ErrNotFound, http.StatusNotFound},
	{"forbidden", ErrForbidden, http.StatusForbidden},
	{"key-reused", ErrKeyReused, http.StatusUnprocessableEntity},
	{"bad-request", ErrBadRequest, http.StatusBadRequest},
}

// problemOf describes err for the wire. The detail is the error's text, which in this
// program never holds personal data (errors name ids and numbers, not citizens).
func problemOf(err error) problem {
	var early *booking.TooEarlyError
	var late *booking.TooLateError
	var state *booking.TicketStateError
	var lp *lateProblem
	switch {
	case errors.As(err, &lp):
		svc := toWireService(lp.service)
		return problem{Type: problemBase + "too-late", Title: "too late", Status: http.StatusConflict,
			Detail: err.Error(), Start: lp.err.Start, Service: &svc}
	case errors.As(err, &early):
		return problem{Type: problemBase + "too-early", Title: "too early", Status: http.StatusConflict,
			Detail: err.Error(), Start: early.Start, ComeBackAt: early.ComeBackAt}
	case errors.As(err, &late):
		return problem{Type: problemBase + "too-late", Title: "too late", Status: http.StatusConflict,
			Detail: err.Error(), Start: late.Start}
	case errors.As(err, &state):
		return problem{Type: problemBase + "ticket-state", Title: "action does not fit the ticket",
			Status: http.StatusConflict, Detail: err.Error(), Number: state.Number,
			Was: state.Status.String(), Action: state.Action}
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return problem{Type: problemBase + s.slug, Title: s.slug, Status: s.status, Detail: err.Error()}
		}
	}
	return problem{Type: "about:blank", Title: "internal error", Status: http.StatusInternalServerError,
		Detail: "the desk could not complete the request"}
}

// writeProblem answers err as problem+json.
func writeProblem(w http.ResponseWriter, err error) {
	p := problemOf(err)
	w.Header().Set("Content-Type", problemContentType)
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// errorOf turns a problem from the desk back into the Go error it stands for.
func errorOf(status int, body []byte) error {
	var p problem
	if err := json.Unmarshal(body, &p); err != nil || p.Type == "" {
		if status >= 500 {
			return fmt.Errorf("%w: status %d", ErrDeskUnreachable, status)
		}
		return fmt.Errorf("%w: status %d without a problem", ErrProtocol, status)
	}
	switch p.Type {
	case problemBase + "too-early":
		return &booking.TooEarlyError{Start: p.Start, ComeBackAt: p.ComeBackAt}
	case problemBase + "too-late":
		return &booking.TooLateError{Start: p.Start}
	case problemBase + "ticket-state":
		st, err := parseStatus(p.Was)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrProtocol, err)
		}
		return &booking.TicketStateError{Number: p.Number, Status: st, Action: p.Action}
	}
	for _, s := range sentinels {
		if p.Type == problemBase+s.slug {
			return fmt.Errorf("desk: %s: %w", p.Detail, s.err)
		}
	}
	if status >= 500 {
		return fmt.Errorf("%w: status %d: %s", ErrDeskUnreachable, status, p.Detail)
	}
	return fmt.Errorf("%w: problem %q, status %d", ErrProtocol, p.Type, status)
}
