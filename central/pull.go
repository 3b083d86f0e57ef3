package central

import (
	"context"
	"fmt"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// Settings in the database's meta bucket. ETags are not personal data.
const (
	metaServicesETag     = "central.services.etag"
	metaAppointmentsETag = "central.appointments.etag" // "DAY ETAG": an ETag is only good for its day
)

// pull brings the services and the day's appointments from the central system into the
// database in one transaction, or changes nothing.
func (s *Syncer) pull(ctx context.Context, rep *Report) error {
	day := booking.DayOf(s.opt.Clock.Now())
	svcTag, err := s.db.Meta(metaServicesETag)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	apTag, err := s.db.Meta(metaAppointmentsETag)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	apTag, today := strings.CutPrefix(apTag, day+" ")
	if !today {
		apTag = "" // another day's
	}

	svcs, svcTag, svcSame, err := s.c.Services(ctx, svcTag)
	if err != nil {
		return err
	}
	// Each appointment is checked and converted as it arrives; only the domain form is kept.
	appts := newDayAppointments(day)
	apTag, apSame, err := s.c.StreamAppointments(ctx, day, apTag, appts.add)
	if err != nil {
		return err
	}
	if svcSame && apSame {
		rep.NotModified = true
		return nil
	}
	// ReplaceDay writes both lists together and storage cannot list a day's appointments
	// back, so the unchanged one is fetched whole again. It only happens on a change.
	if svcSame {
		if svcs, svcTag, _, err = s.c.Services(ctx, ""); err != nil {
			return err
		}
	}
	if apSame {
		appts = newDayAppointments(day)
		if apTag, _, err = s.c.StreamAppointments(ctx, day, "", appts.add); err != nil {
			return err
		}
	}

	services, badS, err := validServices(svcs)
	if err != nil {
		return err
	}
	kept, badA, err := appts.result()
	if err != nil {
		return err
	}
	if rep.Skipped = badS + badA; rep.Skipped > 0 {
		// Counts only: the records hold citizens' names and birth dates.
		s.log.Warn("sync: central sent invalid records; they were not stored",
			"services", badS, "appointments", badA, "day", day)
	}
	if err := s.db.ReplaceDay(day, services, kept); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	rep.Services, rep.Appointments = len(services), len(kept)
	// After the commit: a crash in between only costs a full fetch next time.
	if err := s.db.SetMeta(metaServicesETag, svcTag); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	if apTag != "" {
		apTag = day + " " + apTag
	}
	if err := s.db.SetMeta(metaAppointmentsETag, apTag); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}

// validServices converts the services that pass the contract's checks, in order, and
// counts the others (and repeated ids). When there were services but none is valid, the
// answer as a whole is refused: storing it would empty the kiosk's walk-in screen.
func validServices(in []api.Service) ([]booking.Service, int, error) {
	out := make([]booking.Service, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, w := range in {
		svc, err := w.Booking()
		if err != nil || seen[svc.ID] {
			continue
		}
		seen[svc.ID] = true
		out = append(out, svc)
	}
	if len(in) > 0 && len(out) == 0 {
		return nil, len(in), fmt.Errorf("sync: services: %w: none of %d is valid", ErrMalformedResponse, len(in))
	}
	return out, len(in) - len(out), nil
}

// validAppointments converts the appointments that pass the contract's checks and lie on
// day, and counts the others; see dayAppointments.
func validAppointments(day string, in []api.Appointment) ([]booking.Appointment, int, error) {
	d := newDayAppointments(day)
	for _, w := range in {
		d.add(w)
	}
	return d.result()
}

// dayAppointments keeps, as they arrive, the appointments that pass the contract's checks
// and lie on its day. An appointment whose id or booking code repeats one before it is
// dropped, since a booking code must find one citizen. As with services, a list of which
// nothing is valid is refused whole.
type dayAppointments struct {
	day        string
	out        []booking.Appointment
	ids, codes map[string]bool
	sent       int
}

func newDayAppointments(day string) *dayAppointments {
	return &dayAppointments{day: day, ids: map[string]bool{}, codes: map[string]bool{}}
}

func (d *dayAppointments) add(w api.Appointment) {
	d.sent++
	a, err := w.Booking()
	if err != nil || a.Day() != d.day || d.ids[a.ID] || d.codes[a.Code] {
		return
	}
	d.ids[a.ID], d.codes[a.Code] = true, true
	d.out = append(d.out, a)
}

// result is the appointments kept, in the order sent, and how many were dropped.
func (d *dayAppointments) result() ([]booking.Appointment, int, error) {
	if d.sent > 0 && len(d.out) == 0 {
		return nil, d.sent, fmt.Errorf("sync: appointments: %w: none of %d is valid", ErrMalformedResponse, d.sent)
	}
	return d.out, d.sent - len(d.out), nil
}
