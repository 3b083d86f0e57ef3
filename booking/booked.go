package booking

import (
	"errors"
	"fmt"
)

// Booked returns the citizen booked for a ticket issued at check-in, so that staff at the
// counter can hold the identity document against the booking. found is false for a
// walk-in, and for an appointment the day's data no longer holds (the central system
// cancelled it after check-in): the ticket stands, there is just no one to compare with.
func (d *Desk) Booked(t Ticket) (c Citizen, found bool, err error) {
	if t.Kind != KindAppointment || t.AppointmentID == "" {
		return Citizen{}, false, nil
	}
	a, err := d.store.AppointmentByID(t.AppointmentID)
	switch {
	case errors.Is(err, ErrNotFound):
		return Citizen{}, false, nil
	case err != nil:
		return Citizen{}, false, fmt.Errorf("booked citizen of %s: %w", t.Number, err)
	}
	return a.Citizen, true, nil
}
