package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// maxPrefixLen bounds a ticket prefix; prefixes are a letter or two in practice.
const maxPrefixLen = 16

// Counter keys: the day, then 0 and the prefix for the prefix's sequence, or 1 for the
// day's issue order across prefixes (which keeps Tickets in issue order).
func prefixCounterKey(day, prefix string) []byte { return join([]byte(day), []byte{0}, []byte(prefix)) }
func orderCounterKey(day string) []byte          { return join([]byte(day), []byte{1}) }

// IssueTicket stores a new ticket and its outbox event in one transaction; see
// booking.Store. If t.Day is empty it is the day of t.IssuedAt.
func (db *DB) IssueTicket(t booking.Ticket, prefix string, kind booking.EventKind) (booking.Ticket, bool, error) {
	t, err := checkIssue(t, prefix, kind)
	if err != nil {
		return t, false, err
	}
	existed := false
	err = db.update("issue ticket", func(tx *bolt.Tx) error {
		var err error
		t, existed, err = db.issueTicketTx(tx, t, prefix, kind)
		return err
	})
	if err != nil {
		return booking.Ticket{}, false, err
	}
	return t, existed, nil
}

// checkIssue checks a ticket to be issued, filling in its day from IssuedAt.
func checkIssue(t booking.Ticket, prefix string, kind booking.EventKind) (booking.Ticket, error) {
	if t.Day == "" && !t.IssuedAt.IsZero() {
		t.Day = booking.DayOf(t.IssuedAt)
	}
	if err := checkTicket(t, kind); err != nil {
		return t, fmt.Errorf("issue ticket: %w", err)
	}
	if len(prefix) > maxPrefixLen {
		return t, fmt.Errorf("issue ticket: %w: prefix of %d bytes", ErrInvalidInput, len(prefix))
	}
	return t, nil
}

// issueTicketTx is IssueTicket's work inside the caller's transaction, so that a desk
// command can commit its idempotency record with it (commands.go).
func (db *DB) issueTicketTx(tx *bolt.Tx, t booking.Ticket, prefix string, kind booking.EventKind) (booking.Ticket, bool, error) {
	existed := false
	err := func() error {
		if t.AppointmentID != "" {
			if key := tx.Bucket(bucketTicketAppts).Get([]byte(t.AppointmentID)); key != nil {
				prev, err := db.loadTicket(tx, key)
				if err != nil {
					return err
				}
				t, existed = prev, true
				return nil
			}
		}
		counters := tx.Bucket(bucketCounters)
		seq, err := db.next(counters, prefixCounterKey(t.Day, prefix))
		if err != nil {
			return err
		}
		t.Seq, t.Number = int(seq), booking.FormatNumber(prefix, int(seq))
		numberKey := join([]byte(t.Day), []byte(t.Number))
		if tx.Bucket(bucketTicketNumbers).Get(numberKey) != nil {
			return fmt.Errorf("%w: %s on %s", ErrNumberTaken, t.Number, t.Day)
		}
		order, err := db.next(counters, orderCounterKey(t.Day))
		if err != nil {
			return err
		}
		key := join([]byte(t.Day), u32(order))
		if err := putTicket(tx, key, t); err != nil {
			return err
		}
		if err := tx.Bucket(bucketTicketNumbers).Put(numberKey, key); err != nil {
			return fmt.Errorf("index ticket: %w", err)
		}
		if t.AppointmentID != "" {
			if err := tx.Bucket(bucketTicketAppts).Put([]byte(t.AppointmentID), key); err != nil {
				return fmt.Errorf("index ticket: %w", err)
			}
		}
		return db.appendOutbox(tx, booking.Event{Kind: kind, Ticket: t})
	}()
	return t, existed, err
}

// UpdateTicket stores a changed ticket, found by its day and number, and its outbox event
// in one transaction. The ticket's identity (sequence, kind, appointment) cannot change.
func (db *DB) UpdateTicket(t booking.Ticket, kind booking.EventKind) error {
	if err := checkTicket(t, kind); err != nil {
		return fmt.Errorf("update ticket: %w", err)
	}
	return db.update("update ticket "+t.Number, func(tx *bolt.Tx) error { return db.updateTicketTx(tx, t, kind) })
}

// updateTicketTx is UpdateTicket's work inside the caller's transaction.
func (db *DB) updateTicketTx(tx *bolt.Tx, t booking.Ticket, kind booking.EventKind) error {
	key := tx.Bucket(bucketTicketNumbers).Get(join([]byte(t.Day), []byte(t.Number)))
	if key == nil {
		return fmt.Errorf("ticket %s on %s: %w", t.Number, t.Day, booking.ErrNotFound)
	}
	key = bytes.Clone(key)
	prev, err := db.loadTicket(tx, key)
	if err != nil {
		return err
	}
	if prev.Seq != t.Seq || prev.Kind != t.Kind || prev.AppointmentID != t.AppointmentID {
		return fmt.Errorf("%w: the update changes the ticket's sequence, kind or appointment", ErrInvalidInput)
	}
	if err := putTicket(tx, key, t); err != nil {
		return err
	}
	return db.appendOutbox(tx, booking.Event{Kind: kind, Ticket: t})
}

// Tickets lists the tickets of day in issue order.
func (db *DB) Tickets(day string) ([]booking.Ticket, error) {
	if err := checkDay(day); err != nil {
		return nil, fmt.Errorf("list tickets: %w", err)
	}
	var out []booking.Ticket
	err := db.view("list tickets", func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketTickets).Cursor()
		prefix := []byte(day)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var t booking.Ticket
			if err := json.Unmarshal(v, &t); err != nil {
				return db.corrupt("ticket %x: %v", k, err)
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

func checkTicket(t booking.Ticket, kind booking.EventKind) error {
	if err := checkDay(t.Day); err != nil {
		return err
	}
	if kind == "" {
		return fmt.Errorf("%w: no event kind", ErrInvalidInput)
	}
	if len(t.AppointmentID) > maxIDLen {
		return fmt.Errorf("%w: appointment id of %d bytes", ErrInvalidInput, len(t.AppointmentID))
	}
	return nil
}

func (db *DB) loadTicket(tx *bolt.Tx, key []byte) (booking.Ticket, error) {
	var t booking.Ticket
	v := tx.Bucket(bucketTickets).Get(key)
	if v == nil {
		return t, db.corrupt("index names ticket %x, which does not exist", key)
	}
	if err := json.Unmarshal(v, &t); err != nil {
		return t, db.corrupt("ticket %x: %v", key, err)
	}
	return t, nil
}

func putTicket(tx *bolt.Tx, key []byte, t booking.Ticket) error {
	v, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("encode ticket %s: %w", t.Number, err)
	}
	if err := tx.Bucket(bucketTickets).Put(key, v); err != nil {
		return fmt.Errorf("put ticket %s: %w", t.Number, err)
	}
	return nil
}

// next increments the uint32 counter under key and returns its new value (1 the first time).
func (db *DB) next(b *bolt.Bucket, key []byte) (uint32, error) {
	var n uint32
	if v := b.Get(key); v != nil {
		if len(v) != 4 {
			return 0, db.corrupt("counter %x is %d bytes", key, len(v))
		}
		n = binary.BigEndian.Uint32(v)
	}
	n++
	if err := b.Put(key, u32(n)); err != nil {
		return 0, fmt.Errorf("counter: %w", err)
	}
	return n, nil
}
