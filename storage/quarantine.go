package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// Quarantine moves the outbox entry that bad reports to the dead letters, keeping its raw
// bytes and the reason, so that the entries after it can be pushed. An entry that cannot
// be decoded would otherwise stop every later push for good. It returns an error wrapping
// booking.ErrNotFound if the entry is no longer in the outbox.
func (db *DB) Quarantine(bad *EntryError) error {
	return db.update("quarantine outbox entry", func(tx *bolt.Tx) error {
		outbox := tx.Bucket(bucketOutbox)
		v := outbox.Get(bad.Key)
		if v == nil {
			return fmt.Errorf("outbox entry %x: %w", bad.Key, booking.ErrNotFound)
		}
		rec := deadRecord{
			Reason: fmt.Sprintf("quarantined: outbox entry %x cannot be decoded: %v", bad.Key, bad.Err),
			At:     db.clock.Now(), Raw: bytes.Clone(v),
		}
		// Dead letters are keyed by sequence. A key that is not one gets a fresh sequence
		// from the outbox, which no entry ever had or will have.
		deadKey := bad.Key
		if len(deadKey) != 8 {
			seq, err := outbox.NextSequence()
			if err != nil {
				return fmt.Errorf("outbox sequence: %w", err)
			}
			deadKey = u64(seq)
		}
		dv, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("encode dead letter %x: %w", bad.Key, err)
		}
		if err := tx.Bucket(bucketDead).Put(deadKey, dv); err != nil {
			return fmt.Errorf("put dead letter %x: %w", bad.Key, err)
		}
		return outbox.Delete(bad.Key)
	})
}

// kioskOf returns the kiosk id of an idempotency key "KIOSK-ID/SEQUENCE", or "" if key
// has no such form. Kiosk ids have no slash, so the last one splits.
func kioskOf(key string) string {
	i := strings.LastIndexByte(key, '/')
	if i <= 0 {
		return ""
	}
	return key[:i]
}

// checkOutboxOwner refuses a database whose oldest pending event was made under another
// kiosk id than db's. The central system takes an event only from the kiosk its key names
// (its certificate's CN), so sending it under a new id dead-letters it. Only the oldest
// entry is read on every open: events are pushed in order, and while one of another id
// waits the database is not opened to make events of this one.
func (db *DB) checkOutboxOwner() error {
	var oldest string
	err := db.view("check outbox kiosk id", func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			// An undecodable entry's id is unknown; the next push quarantines it.
			if e, err := db.decodeEntry(k, v); err == nil {
				oldest = kioskOf(e.Key)
				return nil
			}
		}
		return nil
	})
	if err != nil || oldest == "" || oldest == db.kioskID {
		return err
	}
	waiting := map[string]int{}
	err = db.view("count outbox by kiosk id", func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			if e, err := db.decodeEntry(k, v); err == nil && kioskOf(e.Key) != db.kioskID {
				waiting[kioskOf(e.Key)]++
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	return &RenameError{Path: db.path, KioskID: db.kioskID, Waiting: waiting, Oldest: oldest}
}
