package storage

import (
	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// AppointmentByID finds an appointment by the id the central system gave it, as a ticket
// issued at check-in records it (booking.Ticket.AppointmentID), so that the counter can show
// staff whom they expect. It wraps booking.ErrNotFound when the day no longer holds it.
func (db *DB) AppointmentByID(id string) (booking.Appointment, error) {
	var a booking.Appointment
	err := db.view("appointment by id", func(tx *bolt.Tx) error {
		if id == "" || tx.Bucket(bucketAppointments).Get([]byte(id)) == nil {
			return booking.ErrNotFound
		}
		var err error
		a, err = db.loadAppointment(tx, []byte(id))
		return err
	})
	return a, err
}
