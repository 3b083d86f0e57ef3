package kiosk

import (
	"errors"
	"log/slog"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// refuse tells the citizen in a short sentence why there is no ticket, and offers what
// they can do instead. missed is the service of an appointment they came too late for,
// if known. The log gets the reason, never the code, birth date or name typed.
func (s *SelfService) refuse(err error, missed booking.Service) {
	var (
		early *booking.TooEarlyError
		late  *booking.TooLateError
		m     = s.message
	)
	switch {
	case errors.As(err, &early):
		m.set(lang.L("You are early"),
			lang.L("Your appointment is at {{.Start}}. Please come back at {{.Time}}.",
				map[string]any{"Start": clock(early.Start), "Time": clock(early.ComeBackAt)}),
			"", nil)
	case errors.As(err, &late):
		body := lang.L("Your appointment was at {{.Start}}. You can take a ticket and wait to be served.",
			map[string]any{"Start": clock(late.Start)})
		if missed.ID != "" {
			m.set(lang.L("You have missed your appointment"), body,
				lang.L("Take a ticket for {{.Service}}", map[string]any{"Service": missed.Name(s.lang)}),
				func() { s.takeWalkIn(missed.ID) })
		} else {
			m.set(lang.L("You have missed your appointment"), body, lang.L("Take a ticket"), s.startWalkIn)
		}
	case errors.Is(err, booking.ErrInvalidCode):
		m.set(lang.L("That is not a booking code"),
			lang.L("A booking code has 8 digits. You find it in your booking confirmation."),
			lang.L("Try again"), s.startAppointment)
	case errors.Is(err, booking.ErrUnknownCode):
		m.set(lang.L("We cannot find that booking"),
			lang.L("Please check the code, or find your appointment with your date of birth."),
			lang.L("Use my date of birth"), s.startBirthDate)
	case errors.Is(err, booking.ErrBadScan):
		m.set(lang.L("The code could not be read"),
			lang.L("Please try again, or type the booking code."),
			lang.L("Type the code"), s.startAppointment)
	case errors.Is(err, booking.ErrAppointmentCancelled):
		m.set(lang.L("This appointment has been cancelled"),
			lang.L("You can take a ticket and wait to be served."),
			lang.L("Take a ticket"), s.startWalkIn)
	case errors.Is(err, booking.ErrNoMatch):
		m.set(lang.L("We cannot find your appointment today"),
			lang.L("Please check your date of birth, or take a ticket without an appointment."),
			lang.L("Try again"), s.startBirthDate)
	case errors.Is(err, booking.ErrAmbiguous), errors.Is(err, booking.ErrNeedFirstName):
		m.set(lang.L("We cannot tell who you are"),
			lang.L("Please type your booking code, or ask a member of staff for help."),
			lang.L("Type the code"), s.startAppointment)
	case errors.Is(err, booking.ErrInvalidBirthDate):
		m.set(lang.L("That date does not exist"),
			lang.L("Please type day, month and year again."),
			lang.L("Try again"), s.startBirthDate)
	case unreachable(err):
		// The desk is down: no machine by the door can give a ticket, but the counters
		// can still see to the citizen.
		m.set(lang.L("No tickets right now"),
			lang.L("Please ask at a counter. We will help you there."), "", nil)
	default:
		m.set(lang.L("Sorry, something went wrong"),
			lang.L("Please ask a member of staff for help."), "", nil)
	}
	if r := reason(err); r != "" {
		slog.Info("kiosk: no ticket", "reason", r)
	} else {
		slog.Error("kiosk: desk failed", "err", err)
	}
	s.show(m)
}

// reason names a refusal that is part of the rules, for the log; "" for a failure.
func reason(err error) string {
	var (
		early *booking.TooEarlyError
		late  *booking.TooLateError
	)
	switch {
	case errors.As(err, &early):
		return "too early"
	case errors.As(err, &late):
		return "too late"
	}
	for _, r := range []struct {
		err  error
		name string
	}{
		{booking.ErrInvalidCode, "invalid code"},
		{booking.ErrUnknownCode, "unknown code"},
		{booking.ErrBadScan, "bad scan"},
		{booking.ErrAppointmentCancelled, "cancelled"},
		{booking.ErrNoMatch, "no match"},
		{booking.ErrNeedFirstName, "need first name"},
		{booking.ErrAmbiguous, "ambiguous"},
		{booking.ErrInvalidBirthDate, "invalid birth date"},
		{booking.ErrUnknownService, "unknown service"},
	} {
		if errors.Is(err, r.err) {
			return r.name
		}
	}
	return ""
}

// clock formats a time of day as Danes write it on signs, 14:25, in both languages.
func clock(t time.Time) string { return t.Format("15:04") }
