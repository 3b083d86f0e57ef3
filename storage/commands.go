package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// The site desk (package site) answers commands from the centre's other machines. A client
// that times out retries with the same idempotency key, and must get the answer the desk
// gave the first time: a retried "call next" must never call a second ticket. So each
// command's answer is recorded in the same transaction as the ticket it changed and its
// outbox event; a crash leaves all three or none.

// maxCommandPart bounds a client's name and its idempotency key.
const maxCommandPart = 128

// ErrCommandDone is returned by IssueTicketOnce and UpdateTicketOnce when a record for
// the key already exists: the caller should have answered from Command instead.
var ErrCommandDone = errors.New("storage: command already applied")

// CommandKey names one command: the day it was given, the client that gave it (the name
// in its certificate) and the idempotency key the client chose. Two clients may choose the
// same key without meeting.
type CommandKey struct {
	Day, Client, Key string
}

func (k CommandKey) check() error {
	if err := checkDay(k.Day); err != nil {
		return err
	}
	for _, p := range []string{k.Client, k.Key} {
		if p == "" || len(p) > maxCommandPart || strings.IndexByte(p, 0) >= 0 {
			return fmt.Errorf("%w: command key part of %d bytes", ErrInvalidInput, len(p))
		}
	}
	return nil
}

// bytes is the bbolt key: day ‖ 0 ‖ client ‖ 0 ‖ key, so that a day's records lie together.
func (k CommandKey) bytes() []byte {
	return join([]byte(k.Day), []byte{0}, []byte(k.Client), []byte{0}, []byte(k.Key))
}

// CommandRecord is what the desk answered a command.
type CommandRecord struct {
	Action  string // "walk-in", "call-next", ...: a key reused for another action is refused
	Request string // a digest of the request, for the same reason
	Ticket  booking.Ticket
	Existed bool // for a check-in: the ticket had been issued before
	At      time.Time
}

// Command returns the record of k, if the command was applied.
func (db *DB) Command(k CommandKey) (rec CommandRecord, found bool, err error) {
	if err := k.check(); err != nil {
		return rec, false, fmt.Errorf("command: %w", err)
	}
	err = db.view("command", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCommands)
		if b == nil {
			return nil
		}
		v := b.Get(k.bytes())
		if v == nil {
			return nil
		}
		found = true
		if err := json.Unmarshal(v, &rec); err != nil {
			return db.corrupt("command record: %v", err)
		}
		return nil
	})
	return rec, found, err
}

// IssueTicketOnce is IssueTicket with rec (its Ticket and Existed filled in here) stored
// under k in the same transaction.
func (db *DB) IssueTicketOnce(k CommandKey, rec CommandRecord, t booking.Ticket, prefix string, kind booking.EventKind) (booking.Ticket, bool, error) {
	t, err := checkIssue(t, prefix, kind)
	if err != nil {
		return t, false, err
	}
	existed := false
	err = db.command(k, func(tx *bolt.Tx) (CommandRecord, error) {
		var err error
		t, existed, err = db.issueTicketTx(tx, t, prefix, kind)
		rec.Ticket, rec.Existed = t, existed
		return rec, err
	})
	if err != nil {
		return booking.Ticket{}, false, err
	}
	return t, existed, nil
}

// UpdateTicketOnce is UpdateTicket with rec (its Ticket set to t) stored under k in the
// same transaction.
func (db *DB) UpdateTicketOnce(k CommandKey, rec CommandRecord, t booking.Ticket, kind booking.EventKind) error {
	if err := checkTicket(t, kind); err != nil {
		return fmt.Errorf("update ticket: %w", err)
	}
	return db.command(k, func(tx *bolt.Tx) (CommandRecord, error) {
		rec.Ticket = t
		return rec, db.updateTicketTx(tx, t, kind)
	})
}

// command runs apply and stores the record it returns under k, in one transaction.
func (db *DB) command(k CommandKey, apply func(tx *bolt.Tx) (CommandRecord, error)) error {
	if err := k.check(); err != nil {
		return fmt.Errorf("command: %w", err)
	}
	return db.update("command", func(tx *bolt.Tx) error {
		// Created here rather than by a migration: the bucket is the desk's alone, and a
		// kiosk that never runs a desk never needs it.
		b, err := tx.CreateBucketIfNotExists(bucketCommands)
		if err != nil {
			return fmt.Errorf("commands bucket: %w", err)
		}
		key := k.bytes()
		if b.Get(key) != nil {
			return fmt.Errorf("%w: %s", ErrCommandDone, k.Key)
		}
		rec, err := apply(tx)
		if err != nil {
			return err
		}
		v, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("encode command record: %w", err)
		}
		return b.Put(key, v)
	})
}

// PurgeCommands deletes the records of days before day ("2006-01-02"): a client retries
// for seconds, not days, and the tickets they name are gone from the queue by then.
func (db *DB) PurgeCommands(day string) (int, error) {
	if err := checkDay(day); err != nil {
		return 0, fmt.Errorf("purge commands: %w", err)
	}
	n := 0
	err := db.update("purge commands", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCommands)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k, []byte(day)) < 0; k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return fmt.Errorf("delete command record: %w", err)
			}
			n++
		}
		return nil
	})
	return n, err
}
