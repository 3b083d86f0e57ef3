package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// OutboxEntry is an event waiting to be pushed to the central system.
type OutboxEntry struct {
	Seq     uint64        // position in the outbox; never reused
	Key     string        // idempotency key "KIOSK-ID/SEQ", fixed when the entry was written
	Event   booking.Event // holds no personal data: tickets carry ids, not citizens
	Created time.Time
	// Audit is the audit record's summary when Event.Kind is EventAudit; it is sealed in
	// the outbox like every other record of the audit trail.
	Audit *AuditSummary
}

// DeadLetter is an outbox entry the sync engine gave up on, kept for an operator.
type DeadLetter struct {
	OutboxEntry
	Reason string
	At     time.Time
	Raw    []byte // the stored bytes of an entry that could not be decoded (then Key is empty)
}

// appendOutbox writes ev as the next outbox entry inside the caller's transaction, so the
// event commits exactly when the change it describes does.
func (db *DB) appendOutbox(tx *bolt.Tx, ev booking.Event) error {
	return db.appendOutboxSealed(tx, ev, nil)
}

// appendOutboxSealed is appendOutbox with a payload sealed to the entry's place (an audit
// summary); nil for none.
func (db *DB) appendOutboxSealed(tx *bolt.Tx, ev booking.Event, payload []byte) error {
	b := tx.Bucket(bucketOutbox)
	// The bucket's sequence survives deletes, so an acknowledged key is never issued again.
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("outbox sequence: %w", err)
	}
	// But it lives in the file: a file that lost its last commits (bbolt opened it from the
	// older meta page, or a backup was restored) counts from an older number and would give a
	// new event the key of one central may already hold, and central would take the new event
	// for a duplicate. The clock does not go back with the file, so the sequence also keeps up
	// with it in microseconds (where it began, see schema.go): a key is never handed out twice.
	if now := db.clock.Now().UnixMicro(); now > 0 && uint64(now) > seq {
		seq = uint64(now)
		if err := b.SetSequence(seq); err != nil {
			return fmt.Errorf("outbox sequence: %w", err)
		}
	}
	rec := outboxRecord{
		Key:     db.kioskID + "/" + strconv.FormatUint(seq, 10),
		Event:   ev,
		Created: db.clock.Now(),
	}
	if payload != nil {
		rec.Audit = db.keys.seal(bucketOutbox, u64(seq), payload)
	}
	v, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode outbox event: %w", err)
	}
	// Keys only grow, so full pages waste nothing.
	b.FillPercent = 1
	if err := b.Put(u64(seq), v); err != nil {
		return fmt.Errorf("put outbox event: %w", err)
	}
	return nil
}

// PendingEvents returns up to limit outbox entries (all if limit <= 0) in sequence order.
// It stops at an entry that cannot be decoded with an *EntryError (ErrBadEntry), which the
// caller hands to Quarantine before it asks again.
func (db *DB) PendingEvents(limit int) ([]OutboxEntry, error) {
	var out []OutboxEntry
	err := db.view("pending events", func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			e, err := db.decodeEntry(k, v)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// AckEvents removes entries the central system applied or already knew. Unknown sequences
// are ignored, so acknowledging twice (after a crash between push and ack) is harmless.
func (db *DB) AckEvents(seqs ...uint64) error {
	if len(seqs) == 0 {
		return nil
	}
	return db.update("ack events", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		for _, s := range seqs {
			if err := b.Delete(u64(s)); err != nil {
				return fmt.Errorf("delete %d: %w", s, err)
			}
		}
		return nil
	})
}

// DeadLetter moves the entry seq from the outbox to the dead letters with reason, which
// must not contain personal data. It returns an error wrapping booking.ErrNotFound if seq
// is not pending.
func (db *DB) DeadLetter(seq uint64, reason string) error {
	return db.update("dead-letter event", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		k := u64(seq)
		v := b.Get(k)
		if v == nil {
			return fmt.Errorf("event %d: %w", seq, booking.ErrNotFound)
		}
		var rec deadRecord
		if err := json.Unmarshal(v, &rec.outboxRecord); err != nil {
			return db.corrupt("outbox entry %d: %v", seq, err)
		}
		rec.Reason, rec.At = reason, db.clock.Now()
		dv, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("encode dead letter %d: %w", seq, err)
		}
		if err := tx.Bucket(bucketDead).Put(k, dv); err != nil {
			return fmt.Errorf("put dead letter %d: %w", seq, err)
		}
		return b.Delete(k)
	})
}

// DeadLetters lists the dead letters in sequence order.
func (db *DB) DeadLetters() ([]DeadLetter, error) {
	var out []DeadLetter
	err := db.view("dead letters", func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDead).ForEach(func(k, v []byte) error {
			var rec deadRecord
			if len(k) != 8 {
				return db.corrupt("dead letter key %x", k)
			}
			if err := json.Unmarshal(v, &rec); err != nil {
				return db.corrupt("dead letter %x: %v", k, err)
			}
			out = append(out, DeadLetter{
				OutboxEntry: OutboxEntry{Seq: binary.BigEndian.Uint64(k), Key: rec.Key, Event: rec.Event, Created: rec.Created},
				Reason:      rec.Reason, At: rec.At, Raw: rec.Raw,
			})
			return nil
		})
	})
	return out, err
}

// OutboxStats counts pending entries and dead letters.
func (db *DB) OutboxStats() (pending, dead int, err error) {
	err = db.view("outbox stats", func(tx *bolt.Tx) error {
		pending = tx.Bucket(bucketOutbox).Stats().KeyN
		dead = tx.Bucket(bucketDead).Stats().KeyN
		return nil
	})
	return pending, dead, err
}

// decodeEntry decodes one outbox entry. An entry that fails is reported as an *EntryError
// so that the sync engine can quarantine it instead of stopping at it for good.
func (db *DB) decodeEntry(k, v []byte) (OutboxEntry, error) {
	bad := func(err error) (OutboxEntry, error) {
		return OutboxEntry{}, &EntryError{Path: db.path, Key: bytes.Clone(k), Err: err}
	}
	if len(k) != 8 {
		return bad(fmt.Errorf("key of %d bytes, want 8", len(k)))
	}
	var rec outboxRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return bad(err)
	}
	// Without its key the event cannot be sent idempotently, so it is as lost as garbage.
	if kioskOf(rec.Key) == "" {
		return bad(errors.New("no idempotency key"))
	}
	e := OutboxEntry{Seq: binary.BigEndian.Uint64(k), Key: rec.Key, Event: rec.Event, Created: rec.Created}
	if rec.Audit != nil {
		plain, err := db.keys.open(bucketOutbox, k, rec.Audit)
		if err != nil {
			return e, db.corrupt("outbox entry %x audit summary: %v", k, err)
		}
		e.Audit = new(AuditSummary)
		if err := json.Unmarshal(plain, e.Audit); err != nil {
			return e, db.corrupt("outbox entry %x audit summary: %v", k, err)
		}
	}
	return e, nil
}

// Meta returns a sync setting (an ETag, a cursor, the last sync time); "" if never set.
// Settings must not hold personal data: they are stored unsealed.
func (db *DB) Meta(key string) (string, error) {
	var val string
	err := db.view("read setting", func(tx *bolt.Tx) error {
		val = string(tx.Bucket(bucketMeta).Get([]byte(metaUserPrefix + key)))
		return nil
	})
	return val, err
}

// SetMeta stores a sync setting; an empty value removes it.
func (db *DB) SetMeta(key, value string) error {
	if key == "" || len(key) > maxIDLen {
		return fmt.Errorf("set setting: %w: key of %d bytes", ErrInvalidInput, len(key))
	}
	return db.update("set setting", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		if value == "" {
			return b.Delete([]byte(metaUserPrefix + key))
		}
		return b.Put([]byte(metaUserPrefix+key), []byte(value))
	})
}
