package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ErrAuditBroken is wrapped by the *AuditBreakError that VerifyAudit returns.
var ErrAuditBroken = errors.New("storage: audit chain is broken")

// AuditBreakError names the first record at which the audit chain does not hold. Problem
// never contains personal data: it says what is wrong, not what the record holds.
type AuditBreakError struct {
	Seq     uint64 // the record's sequence number (one past the last record for a cut tail)
	Problem string
}

func (e *AuditBreakError) Error() string {
	return fmt.Sprintf("audit record %d: %s", e.Seq, e.Problem)
}

// Unwrap returns ErrAuditBroken.
func (e *AuditBreakError) Unwrap() error { return ErrAuditBroken }

// VerifyAudit walks the whole audit trail and returns the number of records if every one
// opens, hashes to what it stores, links to the one before it, the sequence has no gap, and
// the last record is the head remembered in meta. Otherwise it returns an *AuditBreakError
// for the first record that fails. Other errors are the database's own.
func (db *DB) VerifyAudit() (int, error) {
	n := 0
	err := db.view("verify audit trail", func(tx *bolt.Tx) error {
		prev := make([]byte, AuditHashSize)
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			want := uint64(n) + 1
			if len(k) != 8 {
				return &AuditBreakError{Seq: want, Problem: fmt.Sprintf("a key of %d bytes stands in its place", len(k))}
			}
			if got := binary.BigEndian.Uint64(k); got != want {
				return &AuditBreakError{Seq: want, Problem: fmt.Sprintf("missing (the next stored record is %d)", got)}
			}
			s, err := db.openAuditRecord(k, v)
			if err != nil {
				return &AuditBreakError{Seq: want, Problem: err.Error()}
			}
			if !bytes.Equal(s.Hash, s.ChainHash()) {
				return &AuditBreakError{Seq: want, Problem: "its contents do not match its hash: it was changed"}
			}
			if !bytes.Equal(s.Prev, prev) {
				return &AuditBreakError{Seq: want, Problem: fmt.Sprintf("its link does not match record %d's hash: one of the two was replaced", want-1)}
			}
			prev = s.Hash
			n++
		}
		head, err := db.readAuditHead(tx)
		if err != nil {
			return err
		}
		switch {
		case head.Seq > uint64(n):
			return &AuditBreakError{Seq: uint64(n) + 1, Problem: fmt.Sprintf("missing: the chain's head says there are %d records", head.Seq)}
		case head.Seq < uint64(n):
			return &AuditBreakError{Seq: head.Seq + 1, Problem: fmt.Sprintf("beyond the chain's head, which says there are %d records", head.Seq)}
		case !bytes.Equal(head.Hash, prev):
			return &AuditBreakError{Seq: head.Seq, Problem: "its hash is not the one the chain's head remembers: it was replaced"}
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, nil
}
