package storage

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Purge removes the appointments and tickets of days before day (with their index entries
// and counters) and returns how many appointments and tickets it removed. The outbox is
// kept: its events carry no personal data and must still reach the central system.
// bbolt reuses the freed pages but never shrinks the file.
func (db *DB) Purge(before string) (int, error) {
	if err := checkDay(before); err != nil {
		return 0, fmt.Errorf("purge: %w", err)
	}
	removed := 0
	err := db.update("purge before "+before, func(tx *bolt.Tx) error {
		removed = 0
		for _, k := range keysBefore(tx.Bucket(bucketByDay), before) {
			if err := db.removeAppointment(tx, k[dayLen:]); err != nil {
				return err
			}
			removed++
		}
		// Entries left by records that were already missing.
		for _, name := range [][]byte{bucketByDay, bucketByBirth, bucketCounters} {
			b := tx.Bucket(name)
			if err := deleteKeys(b, keysBefore(b, before)); err != nil {
				return err
			}
		}
		tickets := tx.Bucket(bucketTickets)
		for _, k := range keysBefore(tickets, before) {
			t, err := db.loadTicket(tx, k)
			if err != nil {
				return err
			}
			appts := tx.Bucket(bucketTicketAppts)
			if t.AppointmentID != "" && bytes.Equal(appts.Get([]byte(t.AppointmentID)), k) {
				if err := appts.Delete([]byte(t.AppointmentID)); err != nil {
					return fmt.Errorf("unindex ticket: %w", err)
				}
			}
			if err := tickets.Delete(k); err != nil {
				return fmt.Errorf("delete ticket: %w", err)
			}
			removed++
		}
		numbers := tx.Bucket(bucketTicketNumbers)
		return deleteKeys(numbers, keysBefore(numbers, before))
	})
	return removed, err
}
