package api

import (
	"fmt"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// Bounds on received text. They are generous for real data and keep a hostile peer from
// filling a database with megabyte names.
const (
	maxID       = 64  // ids, staff ids, counters, versions
	maxName     = 200 // names of people, services and areas
	maxBring    = 600 // what to bring: a sentence or two, on a slip 42 characters wide
	maxNumber   = 16  // ticket numbers
	maxDuration = 24 * 60 * 60
	maxListLen  = 100_000 // appointments of a day (the figures: 100 000 cached appointments)
)

// ErrTooManyEvents is wrapped when a push holds more than MaxBatchEvents events; the
// server answers 413. It wraps ErrInvalid.
var ErrTooManyEvents error = &kindError{"api: too many events in one push", ErrInvalid}

// checkText accepts valid UTF-8 without control characters, at most max bytes, and not
// empty if required.
func checkText(field, s string, max int, required bool) error {
	switch {
	case s == "" && required:
		return fieldErr(field, "required")
	case len(s) > max:
		return fieldErr(field, "longer than "+strconv.Itoa(max)+" bytes")
	case !utf8.ValidString(s):
		return fieldErr(field, "not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fieldErr(field, "has a control character")
		}
	}
	return nil
}

func checkDuration(field string, secs int64) error {
	if secs < 0 || secs > maxDuration {
		return fieldErr(field, "outside 0 to 86400 seconds")
	}
	return nil
}

// ParseDay reads a calendar day "2006-01-02" (the contract's format: date).
func ParseDay(s string) (booking.Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return booking.Date{}, fmt.Errorf("day is not YYYY-MM-DD: %w", ErrInvalid)
	}
	return booking.DateOf(t), nil
}

func checkDay(field, s string) error {
	if _, err := ParseDay(s); err != nil {
		return fieldErr(field, "not a date YYYY-MM-DD")
	}
	return nil
}

func oneOf(s string, values ...string) bool {
	for _, v := range values {
		if s == v {
			return true
		}
	}
	return false
}

// Validate checks a service against the contract.
func (s Service) Validate() error {
	if err := checkText("id", s.ID, maxID, true); err != nil {
		return err
	}
	if err := checkText("nameDa", s.NameDA, maxName, true); err != nil {
		return err
	}
	if err := checkText("nameEn", s.NameEN, maxName, true); err != nil {
		return err
	}
	if len(s.Prefix) != 1 || s.Prefix[0] < 'A' || s.Prefix[0] > 'Z' {
		return fieldErr("prefix", "not one letter A-Z")
	}
	if err := checkDuration("durationSeconds", s.DurationSeconds); err != nil {
		return err
	}
	if err := checkText("area", s.Area, maxName, false); err != nil {
		return err
	}
	if err := s.WaitingArea.validate("waitingArea", maxName); err != nil {
		return err
	}
	return s.Bring.validate("bring", maxBring)
}

// validate checks an optional text: absent is fine, present needs its Danish text, which
// is the one every language falls back to.
func (t *LocalText) validate(field string, max int) error {
	if t == nil {
		return nil
	}
	if err := checkText(field+".da", t.DA, max, true); err != nil {
		return err
	}
	return checkText(field+".en", t.EN, max, false)
}

// Validate checks every service and that no id appears twice.
func (l ServiceList) Validate() error {
	seen := make(map[string]bool, len(l.Services))
	for i, s := range l.Services {
		field := "services[" + strconv.Itoa(i) + "]"
		if err := s.Validate(); err != nil {
			return within(field, err)
		}
		if seen[s.ID] {
			return fieldErr(field+".id", "appears twice")
		}
		seen[s.ID] = true
	}
	return nil
}

// Validate checks an appointment against the contract: the booking code's check digit,
// a real birth date, bounded names. An empty surname is accepted (some people have one
// name); given names are required, because check-in asks for the first name.
func (a Appointment) Validate() error {
	if err := checkText("id", a.ID, maxID, true); err != nil {
		return err
	}
	if !booking.ValidBookingCode(a.Code) {
		return fieldErr("code", "not 8 digits with a Damm check digit")
	}
	if err := checkText("serviceId", a.ServiceID, maxID, true); err != nil {
		return err
	}
	if a.Start.IsZero() {
		return fieldErr("start", "required")
	}
	if err := checkDuration("durationSeconds", a.DurationSeconds); err != nil {
		return err
	}
	if err := checkText("citizen.givenNames", a.Citizen.GivenNames, maxName, true); err != nil {
		return err
	}
	if err := checkText("citizen.surname", a.Citizen.Surname, maxName, false); err != nil {
		return err
	}
	d, err := ParseDay(a.Citizen.BirthDate)
	if err != nil || !d.Valid() {
		return fieldErr("citizen.birthDate", "not a date YYYY-MM-DD")
	}
	return nil
}

// Validate checks the day, every appointment, that each starts on the day (in the UTC
// offset it carries, which is the site's), and that no id or booking code appears twice.
func (l AppointmentList) Validate() error {
	if err := checkDay("day", l.Day); err != nil {
		return err
	}
	if len(l.Appointments) > maxListLen {
		return fieldErr("appointments", "more than "+strconv.Itoa(maxListLen))
	}
	ids := make(map[string]bool, len(l.Appointments))
	codes := make(map[string]bool, len(l.Appointments))
	for i, a := range l.Appointments {
		field := "appointments[" + strconv.Itoa(i) + "]"
		if err := a.Validate(); err != nil {
			return within(field, err)
		}
		if booking.DayOf(a.Start) != l.Day {
			return fieldErr(field+".start", "not on the list's day")
		}
		if ids[a.ID] {
			return fieldErr(field+".id", "appears twice")
		}
		if codes[a.Code] {
			return fieldErr(field+".code", "appears twice")
		}
		ids[a.ID], codes[a.Code] = true, true
	}
	return nil
}

// Validate checks a ticket as events report it.
func (t Ticket) Validate() error {
	if err := checkText("number", t.Number, maxNumber, true); err != nil {
		return err
	}
	if err := checkDay("day", t.Day); err != nil {
		return err
	}
	if !oneOf(t.Kind, "appointment", "walk-in") {
		return fieldErr("kind", "not appointment or walk-in")
	}
	if _, ok := parseStatus(t.Status); !ok {
		return fieldErr("status", "unknown status")
	}
	if err := checkText("serviceId", t.ServiceID, maxID, true); err != nil {
		return err
	}
	if err := checkText("appointmentId", t.AppointmentID, maxID, t.Kind == "appointment"); err != nil {
		return err
	}
	return checkText("counter", t.Counter, maxID, false)
}

// Validate checks one event: its key (errors.Is(err, ErrInvalidKey) when that is what is
// wrong), kind, time and ticket.
func (e Event) Validate() error {
	if _, _, err := ParseKey(e.Key); err != nil {
		return fmt.Errorf("key: %w", err)
	}
	if !oneOf(e.Kind, KindCheckIn, KindTicketIssued, KindCalled, KindServed, KindNoShow, KindCancelled, KindAudit,
		KindRecalled, KindServing, KindTransferred) {
		return fieldErr("kind", "unknown kind")
	}
	if e.At.IsZero() {
		return fieldErr("at", "required")
	}
	if isAudit, err := e.validateKindAudit(); isAudit || err != nil {
		return err
	}
	if err := e.Ticket.Validate(); err != nil {
		return within("ticket", err)
	}
	return nil
}

// Validate checks a push's envelope: the kiosk id and the number of events (more than
// MaxBatchEvents wraps ErrTooManyEvents). It does not validate the events themselves: the
// server rejects a bad event on its own and applies the rest of the batch.
func (r PushRequest) Validate() error {
	if !ValidKioskID(r.KioskID) {
		return fieldErr("kioskId", "empty, too long or a character outside [A-Za-z0-9._-]")
	}
	if len(r.Events) > MaxBatchEvents {
		return fmt.Errorf("%d events, at most %d: %w", len(r.Events), MaxBatchEvents, ErrTooManyEvents)
	}
	return nil
}

// ValidateFor checks an answer to req: one result per event, in the same order, each with
// the event's key and a known status, and a reason for every rejection.
func (p PushResponse) ValidateFor(req PushRequest) error {
	if len(p.Results) != len(req.Events) {
		return fieldErr("results", fmt.Sprintf("%d results for %d events", len(p.Results), len(req.Events)))
	}
	for i, r := range p.Results {
		field := "results[" + strconv.Itoa(i) + "]"
		if r.Key != req.Events[i].Key {
			return fieldErr(field+".key", "not the key of the event in that place")
		}
		if !oneOf(r.Status, ResultApplied, ResultDuplicate, ResultRejected) {
			return fieldErr(field+".status", "unknown status")
		}
		if err := checkText(field+".reason", r.Reason, maxName, r.Status == ResultRejected); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks an activation request.
func (r ActivationRequest) Validate() error {
	if !ValidKioskID(r.KioskID) {
		return fieldErr("kioskId", "empty, too long or a character outside [A-Za-z0-9._-]")
	}
	if err := checkText("staffId", r.StaffID, maxID, true); err != nil {
		return err
	}
	if err := r.Evidence.Validate(); err != nil {
		return within("evidence", err)
	}
	return nil
}

// Validate checks the central system's answer before the kiosk prints it: a hint, a code
// of printable ASCII without spaces, and an expiry.
func (r ActivationResponse) Validate() error {
	if err := checkText("userIdHint", r.UserIDHint, maxID, true); err != nil {
		return err
	}
	if r.Code == "" || len(r.Code) > maxID {
		return fieldErr("code", "empty or longer than 64 bytes")
	}
	for i := 0; i < len(r.Code); i++ {
		if r.Code[i] <= ' ' || r.Code[i] > '~' {
			return fieldErr("code", "has a character that is not printable ASCII")
		}
	}
	if r.ExpiresAt.IsZero() {
		return fieldErr("expiresAt", "required")
	}
	return nil
}

// Validate checks a heartbeat.
func (h Heartbeat) Validate() error {
	if err := checkText("version", h.Version, maxID, true); err != nil {
		return err
	}
	if h.PendingEvents < 0 {
		return fieldErr("pendingEvents", "negative")
	}
	if h.DeadLetters < 0 {
		return fieldErr("deadLetters", "negative")
	}
	return nil
}
