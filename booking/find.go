package booking

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// FindByBirth finds today's appointment of a citizen by birth date and, when several
// citizens born that day are booked, first name — the way municipal check-in screens do it
// without asking for the full CPR number. firstName may be empty; it is matched by
// FirstNameMatches. Errors: ErrInvalidBirthDate, ErrNoMatch, ErrNeedFirstName (ask for the
// first name and call again), ErrAmbiguous (use the booking code or ask staff).
//
// A citizen with two appointments today gets the first one still open for check-in.
// Cancelled appointments count only when nothing else matches, so that a cancelled
// booking is reported as such (by CheckInAppointment) rather than as "not found".
func (d *Desk) FindByBirth(birth Date, firstName string) (Appointment, error) {
	now := d.clock.Now()
	if err := CheckBirthDate(birth, now); err != nil {
		return Appointment{}, fmt.Errorf("find by birth date: %w", err)
	}
	as, err := d.store.AppointmentsByBirthDate(DayOf(now), birth)
	if err != nil {
		return Appointment{}, fmt.Errorf("find by birth date: %w", err)
	}
	// DDMMYY cannot tell 1925 from 2025; ParseBirthDate picks the later. A centenarian's
	// appointment is then found under the earlier century.
	if older := (Date{birth.Year - 100, birth.Month, birth.Day}); len(as) == 0 && CheckBirthDate(older, now) == nil {
		if as, err = d.store.AppointmentsByBirthDate(DayOf(now), older); err != nil {
			return Appointment{}, fmt.Errorf("find by birth date: %w", err)
		}
	}
	if open := slices.DeleteFunc(slices.Clone(as), func(a Appointment) bool { return a.Cancelled }); len(open) > 0 {
		as = open
	}
	if strings.TrimSpace(firstName) != "" {
		as = slices.DeleteFunc(as, func(a Appointment) bool { return !FirstNameMatches(firstName, a.Citizen.GivenNames) })
	}
	switch {
	case len(as) == 0:
		return Appointment{}, fmt.Errorf("find by birth date: %w", ErrNoMatch)
	case len(as) == 1 || samePerson(as):
		return d.mostRelevant(as, now), nil
	case strings.TrimSpace(firstName) == "":
		return Appointment{}, fmt.Errorf("find by birth date: %d appointments: %w", len(as), ErrNeedFirstName)
	}
	return Appointment{}, fmt.Errorf("find by birth date: %d citizens: %w", len(as), ErrAmbiguous)
}

// samePerson reports whether all of as are booked by one citizen, as far as name and birth
// date tell.
func samePerson(as []Appointment) bool {
	key := func(c Citizen) string {
		return nameKeys(c.GivenNames)[0] + "/" + nameKeys(c.Surname)[0] + "/" + c.BirthDate.String()
	}
	first := key(as[0].Citizen)
	for _, a := range as[1:] {
		if key(a.Citizen) != first {
			return false
		}
	}
	return true
}

// mostRelevant picks, among one citizen's appointments, the earliest whose check-in window
// has not closed at now, or else the latest.
func (d *Desk) mostRelevant(as []Appointment, now time.Time) Appointment {
	as = slices.Clone(as)
	slices.SortFunc(as, func(a, b Appointment) int { return a.Start.Compare(b.Start) })
	for _, a := range as {
		if !now.After(a.Start.Add(d.rules.late())) {
			return a
		}
	}
	return as[len(as)-1]
}
