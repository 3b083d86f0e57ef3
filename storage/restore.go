package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// A site desk whose disk died starts on an empty database in the middle of the day. The
// numbers it issued before live on at central (and on the slips in citizens' hands), so
// the new database must learn them before the desk issues one: RestoreDay writes the
// tickets central holds and moves the counters past them; ReserveNumbers moves the
// counters past a floor when central cannot be asked.

// DayStarted reports whether the database holds a counter of day, that is whether it has
// issued, restored or reserved any number that day.
func (db *DB) DayStarted(day string) (bool, error) {
	if err := checkDay(day); err != nil {
		return false, fmt.Errorf("day started: %w", err)
	}
	started := false
	err := db.view("day started", func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketCounters).Cursor().Seek([]byte(day))
		started = k != nil && bytes.HasPrefix(k, []byte(day))
		return nil
	})
	return started, err
}

// RestoreDay writes tickets of day, as central last knew them, in the order given (their
// issue order), with no outbox events: central has them. A number the database holds
// already is left as it is. Each prefix's counter ends at or past the highest number
// restored, so the next ticket continues the numbering. It returns how many it wrote; a
// ticket of another day or with a number that is not a prefix and digits fails the whole
// call and writes nothing.
func (db *DB) RestoreDay(day string, tickets []booking.Ticket) (int, error) {
	if err := checkDay(day); err != nil {
		return 0, fmt.Errorf("restore day: %w", err)
	}
	tickets = slices.Clone(tickets) // their Seq is set here, not in the caller's slice
	prefixes := make([]string, len(tickets))
	for i, t := range tickets {
		if t.Day != day {
			return 0, fmt.Errorf("restore day %s: %w: ticket %q is of %q", day, ErrInvalidInput, t.Number, t.Day)
		}
		prefix, seq, err := SplitNumber(t.Number)
		if err != nil {
			return 0, fmt.Errorf("restore day %s: %w", day, err)
		}
		if err := checkTicket(t, booking.EventTicketIssued); err != nil {
			return 0, fmt.Errorf("restore day %s: %w", day, err)
		}
		prefixes[i], tickets[i].Seq = prefix, seq
	}
	n := 0
	err := db.update("restore day", func(tx *bolt.Tx) error {
		counters, numbers := tx.Bucket(bucketCounters), tx.Bucket(bucketTicketNumbers)
		for i, t := range tickets {
			if err := db.raise(counters, prefixCounterKey(day, prefixes[i]), uint32(t.Seq)); err != nil {
				return err
			}
			numberKey := join([]byte(day), []byte(t.Number))
			if numbers.Get(numberKey) != nil {
				continue
			}
			order, err := db.next(counters, orderCounterKey(day))
			if err != nil {
				return err
			}
			key := join([]byte(day), u32(order))
			if err := putTicket(tx, key, t); err != nil {
				return err
			}
			if err := numbers.Put(numberKey, key); err != nil {
				return fmt.Errorf("index ticket: %w", err)
			}
			if t.AppointmentID != "" {
				if err := tx.Bucket(bucketTicketAppts).Put([]byte(t.AppointmentID), key); err != nil {
					return fmt.Errorf("index ticket: %w", err)
				}
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// ReserveNumbers moves the counter of each prefix on day to at least floor, so that the
// next number issued is above it.
func (db *DB) ReserveNumbers(day string, prefixes []string, floor int) error {
	if err := checkDay(day); err != nil {
		return fmt.Errorf("reserve numbers: %w", err)
	}
	if floor < 0 || floor > 1<<31 {
		return fmt.Errorf("reserve numbers: %w: floor %d", ErrInvalidInput, floor)
	}
	return db.update("reserve numbers", func(tx *bolt.Tx) error {
		for _, p := range prefixes {
			if len(p) > maxPrefixLen {
				return fmt.Errorf("%w: prefix of %d bytes", ErrInvalidInput, len(p))
			}
			if err := db.raise(tx.Bucket(bucketCounters), prefixCounterKey(day, p), uint32(floor)); err != nil {
				return err
			}
		}
		return nil
	})
}

// raise sets the uint32 counter under key to n unless it is higher already.
func (db *DB) raise(b *bolt.Bucket, key []byte, n uint32) error {
	if v := b.Get(key); v != nil {
		if len(v) != 4 {
			return db.corrupt("counter %x is %d bytes", key, len(v))
		}
		if binary.BigEndian.Uint32(v) >= n {
			return nil
		}
	}
	if err := b.Put(key, u32(n)); err != nil {
		return fmt.Errorf("counter: %w", err)
	}
	return nil
}

// SplitNumber splits a ticket number made by booking.FormatNumber into its prefix and
// sequence: "A042" is "A" and 42. Numbers come from central here, so anything else (no
// digits, a sequence of 0 or past 999 999, a prefix that is too long or has digits) is
// ErrInvalidInput.
func SplitNumber(number string) (prefix string, seq int, err error) {
	i := len(number)
	for i > 0 && number[i-1] >= '0' && number[i-1] <= '9' {
		i--
	}
	digits := number[i:]
	if i == 0 || digits == "" || len(digits) > 6 || i > maxPrefixLen {
		return "", 0, fmt.Errorf("%w: ticket number %q is not a prefix and a sequence", ErrInvalidInput, number)
	}
	seq, err = strconv.Atoi(digits)
	if err != nil || seq == 0 || booking.FormatNumber(number[:i], seq) != number {
		return "", 0, fmt.Errorf("%w: ticket number %q is not a prefix and a sequence", ErrInvalidInput, number)
	}
	return number[:i], seq, nil
}
