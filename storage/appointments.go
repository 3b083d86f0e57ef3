package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// maxIDLen bounds ids and codes from the central system, which become bbolt keys.
const maxIDLen = 256

// Services lists the services in the order ReplaceDay stored them.
func (db *DB) Services() ([]booking.Service, error) {
	var out []booking.Service
	err := db.view("list services", func(tx *bolt.Tx) error {
		return tx.Bucket(bucketServices).ForEach(func(k, v []byte) error {
			var s booking.Service
			if err := json.Unmarshal(v, &s); err != nil {
				return db.corrupt("service record %x: %v", k, err)
			}
			out = append(out, s)
			return nil
		})
	})
	return out, err
}

// AppointmentByCode finds an appointment by its booking code, in the form the central
// system sent it (callers normalise with booking.ParseBookingCode, as the server does).
func (db *DB) AppointmentByCode(code string) (booking.Appointment, error) {
	var a booking.Appointment
	err := db.view("appointment by code", func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketByCode).Get([]byte(code))
		if id == nil {
			return booking.ErrNotFound
		}
		var err error
		a, err = db.loadAppointment(tx, id)
		return err
	})
	return a, err
}

// AppointmentsByBirthDate lists, by start time, the appointments on day of citizens born
// on birth. None is an empty list, not an error.
func (db *DB) AppointmentsByBirthDate(day string, birth booking.Date) ([]booking.Appointment, error) {
	if err := checkDay(day); err != nil {
		return nil, fmt.Errorf("appointments by birth date: %w", err)
	}
	prefix := join([]byte(day), db.keys.birthTag(day, birth.String()))
	var out []booking.Appointment
	err := db.view("appointments by birth date", func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketByBirth).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			a, err := db.loadAppointment(tx, k[len(prefix):])
			if err != nil {
				return err
			}
			// The tag is a truncated HMAC; comparing the unsealed date rules out collisions.
			if a.Citizen.BirthDate == birth {
				out = append(out, a)
			}
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b booking.Appointment) int { return a.Start.Compare(b.Start) })
	return out, err
}

func (db *DB) loadAppointment(tx *bolt.Tx, id []byte) (booking.Appointment, error) {
	v := tx.Bucket(bucketAppointments).Get(id)
	if v == nil {
		return booking.Appointment{}, db.corrupt("index names appointment %q, which does not exist", id)
	}
	a, err := db.keys.decodeAppointment(id, v)
	if err != nil {
		return a, db.corrupt("%w", err)
	}
	return a, nil
}

// ReplaceDay stores what the central system sent for day in one transaction: services
// replace all services, appts replace that day's appointments and their index entries.
// Tickets, counters and the outbox are kept. Every appointment must start on day; if any
// is invalid nothing is written.
func (db *DB) ReplaceDay(day string, services []booking.Service, appts []booking.Appointment) error {
	if err := checkReplaceDay(day, services, appts); err != nil {
		return fmt.Errorf("replace day %s: %w", day, err)
	}
	order := make([]int, len(appts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return strings.Compare(appts[i].ID, appts[j].ID) })
	for k := 1; k < len(order); k++ {
		if id := appts[order[k]].ID; id == appts[order[k-1]].ID {
			return fmt.Errorf("replace day %s: %w: appointment %q appears twice", day, ErrInvalidInput, id)
		}
	}

	return db.update("replace day "+day, func(tx *bolt.Tx) error {
		if err := replaceServices(tx, services); err != nil {
			return err
		}
		if _, err := db.removeDayAppointments(tx, day); err != nil {
			return err
		}
		w := newBulkWriter(len(appts))
		for _, i := range order {
			if err := db.putAppointment(tx, w, appts[i]); err != nil {
				return err
			}
		}
		return w.flush(tx)
	})
}

func checkReplaceDay(day string, services []booking.Service, appts []booking.Appointment) error {
	if err := checkDay(day); err != nil {
		return err
	}
	for i, s := range services {
		if s.ID == "" || len(s.ID) > maxIDLen {
			return fmt.Errorf("%w: service %d has no valid id", ErrInvalidInput, i)
		}
	}
	for i, a := range appts {
		switch {
		case a.ID == "" || len(a.ID) > maxIDLen:
			return fmt.Errorf("%w: appointment %d has no valid id", ErrInvalidInput, i)
		case len(a.Code) > maxIDLen:
			return fmt.Errorf("%w: appointment %q has a code of %d bytes", ErrInvalidInput, a.ID, len(a.Code))
		case a.Day() != day:
			return fmt.Errorf("%w: appointment %q is on %s", ErrInvalidInput, a.ID, a.Day())
		}
	}
	return nil
}

func replaceServices(tx *bolt.Tx, services []booking.Service) error {
	if err := tx.DeleteBucket(bucketServices); err != nil {
		return fmt.Errorf("clear services: %w", err)
	}
	b, err := tx.CreateBucket(bucketServices)
	if err != nil {
		return fmt.Errorf("clear services: %w", err)
	}
	for i, s := range services {
		v, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("encode service %q: %w", s.ID, err)
		}
		if err := b.Put(u32(uint32(i)), v); err != nil {
			return fmt.Errorf("put service %q: %w", s.ID, err)
		}
	}
	return nil
}

// removeDayAppointments deletes the appointments indexed under day and all their index
// entries.
func (db *DB) removeDayAppointments(tx *bolt.Tx, day string) (int, error) {
	byDay := tx.Bucket(bucketByDay)
	keys := keysWithPrefix(byDay, []byte(day))
	for _, k := range keys {
		if err := db.removeAppointment(tx, k[dayLen:]); err != nil {
			return 0, err
		}
	}
	// removeAppointment already dropped these; the range deletes catch entries whose
	// record was missing.
	if err := deleteKeys(tx.Bucket(bucketByBirth), keysWithPrefix(tx.Bucket(bucketByBirth), []byte(day))); err != nil {
		return 0, err
	}
	return len(keys), deleteKeys(byDay, keysWithPrefix(byDay, []byte(day)))
}

// putAppointment queues a and its index entries in w. If a's id was stored before (an
// appointment moved from another day), the old entries go first so no index points at a
// stale day or code.
func (db *DB) putAppointment(tx *bolt.Tx, w *bulkWriter, a booking.Appointment) error {
	id := []byte(a.ID)
	if tx.Bucket(bucketAppointments).Get(id) != nil {
		if err := db.removeAppointment(tx, id); err != nil {
			return err
		}
	}
	day := []byte(a.Day())
	var tag []byte
	if !a.Citizen.BirthDate.IsZero() {
		tag = db.keys.birthTag(a.Day(), a.Citizen.BirthDate.String())
		w.put(bucketByBirth, join(day, tag, id), nil)
	}
	v, err := db.keys.encodeAppointment(a, tag)
	if err != nil {
		return err
	}
	w.put(bucketAppointments, id, v)
	w.put(bucketByDay, join(day, id), nil)
	if a.Code != "" {
		w.put(bucketByCode, []byte(a.Code), id)
	}
	return nil
}

// removeAppointment deletes the record under id and the index entries that point at it.
// It reads only the unsealed header, so retention works without the sealing key's help.
func (db *DB) removeAppointment(tx *bolt.Tx, id []byte) error {
	apps := tx.Bucket(bucketAppointments)
	v := apps.Get(id)
	if v == nil {
		return nil
	}
	h, _, err := splitAppointment(v)
	if err != nil {
		return db.corrupt("appointment %q: %v", id, err)
	}
	day := []byte(h.Day)
	if h.Code != "" {
		codes := tx.Bucket(bucketByCode)
		// Another appointment may have taken the code since; leave its entry alone.
		if bytes.Equal(codes.Get([]byte(h.Code)), id) {
			if err := codes.Delete([]byte(h.Code)); err != nil {
				return fmt.Errorf("unindex appointment %q: %w", id, err)
			}
		}
	}
	if h.BirthTag != nil {
		if err := tx.Bucket(bucketByBirth).Delete(join(day, h.BirthTag, id)); err != nil {
			return fmt.Errorf("unindex appointment %q: %w", id, err)
		}
	}
	if err := tx.Bucket(bucketByDay).Delete(join(day, id)); err != nil {
		return fmt.Errorf("unindex appointment %q: %w", id, err)
	}
	if err := apps.Delete(id); err != nil {
		return fmt.Errorf("delete appointment %q: %w", id, err)
	}
	return nil
}

// keysWithPrefix copies the keys that start with prefix. Deleting while a bbolt cursor
// walks would skip entries, so callers collect first and delete after.
func keysWithPrefix(b *bolt.Bucket, prefix []byte) [][]byte {
	var out [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		out = append(out, bytes.Clone(k))
	}
	return out
}

// keysBefore copies the keys whose day prefix sorts before day.
func keysBefore(b *bolt.Bucket, day string) [][]byte {
	var out [][]byte
	c := b.Cursor()
	for k, _ := c.First(); k != nil && string(k[:min(len(k), dayLen)]) < day; k, _ = c.Next() {
		out = append(out, bytes.Clone(k))
	}
	return out
}

func deleteKeys(b *bolt.Bucket, keys [][]byte) error {
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("delete %x: %w", k, err)
		}
	}
	return nil
}
