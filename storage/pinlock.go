package storage

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketPINLock keeps, per configured staff number, the wrong PINs in a row and when the
// staff number's lockout ends, so that restarting a counter does not end a lockout. It
// holds no PIN and no hash. It is made on first use rather than by a migration: it only
// ever holds short-lived state, and a database without it simply has no lockouts.
var bucketPINLock = []byte("pin-lockout") // staff number → pinLockVersion ‖ failures (uint32 BE) ‖ locked until (Unix ms, int64 BE)

const (
	pinLockVersion = 1
	pinLockLen     = 1 + 4 + 8
	maxStaffKey    = 64 // a staff number is a few digits; this only bounds the key
)

// PINLock returns staff's wrong PINs since its last right one and the end of its lockout;
// zeros if none are kept.
func (db *DB) PINLock(staff string) (failures int, lockedUntil time.Time, err error) {
	if err := checkStaffKey(staff); err != nil {
		return 0, time.Time{}, err
	}
	err = db.view("read PIN lockout", func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPINLock)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(staff))
		if v == nil {
			return nil
		}
		if len(v) != pinLockLen || v[0] != pinLockVersion {
			return db.corrupt("PIN lockout of staff %s: %d bytes, version %d", staff, len(v), v[0])
		}
		failures = int(binary.BigEndian.Uint32(v[1:5]))
		if ms := int64(binary.BigEndian.Uint64(v[5:])); ms != 0 {
			lockedUntil = time.UnixMilli(ms)
		}
		return nil
	})
	return failures, lockedUntil, err
}

// SetPINLock keeps staff's wrong PINs and the end of its lockout, in one synced commit so
// that a lockout holds even if the power goes the moment after. Zero failures (a right
// PIN) remove the entry.
func (db *DB) SetPINLock(staff string, failures int, lockedUntil time.Time) error {
	if err := checkStaffKey(staff); err != nil {
		return err
	}
	if failures < 0 || int64(failures) > int64(^uint32(0)) {
		return fmt.Errorf("PIN lockout of staff %s: %d failures: %w", staff, failures, ErrInvalidInput)
	}
	return db.update("write PIN lockout", func(tx *bolt.Tx) error {
		if failures == 0 {
			if b := tx.Bucket(bucketPINLock); b != nil {
				return b.Delete([]byte(staff))
			}
			return nil
		}
		b, err := tx.CreateBucketIfNotExists(bucketPINLock)
		if err != nil {
			return err
		}
		v := make([]byte, 1, pinLockLen)
		v[0] = pinLockVersion
		v = binary.BigEndian.AppendUint32(v, uint32(failures))
		var ms int64
		if !lockedUntil.IsZero() {
			ms = lockedUntil.UnixMilli()
		}
		v = binary.BigEndian.AppendUint64(v, uint64(ms))
		return b.Put([]byte(staff), v)
	})
}

func checkStaffKey(staff string) error {
	if staff == "" || len(staff) > maxStaffKey {
		return fmt.Errorf("staff number of %d bytes: %w", len(staff), ErrInvalidInput)
	}
	return nil
}
