package storage

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// bucketAudit holds the counter's audit trail: seq (uint64 BE, from 1) → encodeAuditValue.
// The head of the chain is metaAuditHead in bucketMeta.
var (
	bucketAudit   = []byte("audit")
	metaAuditHead = []byte("audit-head")
)

// EventAudit is the kind of the outbox entry that carries an audit record to the central
// system; the entry's Audit field holds the record's summary.
const EventAudit booking.EventKind = "audit"

// Bounds of an audit record's text, the same as the central API's (central/api), so that a
// record the kiosk accepts is never refused by the server and the central chain gets no gap.
const (
	maxAuditID   = 64  // staff, counter, ticket, document type and number, state, method, verdict
	maxAuditText = 500 // evidence, reason, outcome
)

// migrateV2 adds the audit trail's bucket.
func migrateV2(tx *bolt.Tx, _ *keyring) error {
	if _, err := tx.CreateBucketIfNotExists(bucketAudit); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketAudit, err)
	}
	return nil
}

// AppendAudit appends r to the audit trail and queues its summary for the central system,
// in one transaction: both are written or neither. The record is sealed at rest; its chain
// hash links it to the record before it. Bad input wraps ErrInvalidInput and writes nothing.
func (db *DB) AppendAudit(r booking.AuditRecord) error {
	if err := checkAudit(r); err != nil {
		return fmt.Errorf("append audit record: %w", err)
	}
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("append audit record: %w", err)
	}
	return db.update("append audit record", func(tx *bolt.Tx) error {
		head, err := db.readAuditHead(tx)
		if err != nil {
			return err
		}
		s := db.keys.auditSummary(r)
		s.Seq, s.Prev = head.Seq+1, head.Hash
		s.Hash = s.ChainHash()
		key := u64(s.Seq)
		b := tx.Bucket(bucketAudit)
		b.FillPercent = 1 // keys only grow
		if err := b.Put(key, encodeAuditValue(s.Prev, s.Hash, db.keys.seal(bucketAudit, key, body))); err != nil {
			return fmt.Errorf("put audit record %d: %w", s.Seq, err)
		}
		if err := tx.Bucket(bucketMeta).Put(metaAuditHead, auditHead{Seq: s.Seq, Hash: s.Hash}.encode()); err != nil {
			return fmt.Errorf("put audit head: %w", err)
		}
		summary, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("encode audit summary %d: %w", s.Seq, err)
		}
		return db.appendOutboxSealed(tx, booking.Event{Kind: EventAudit}, summary)
	})
}

// readAuditHead returns the chain's head; for an empty chain, sequence 0 and the zero hash
// that the first record links to.
func (db *DB) readAuditHead(tx *bolt.Tx) (auditHead, error) {
	v := tx.Bucket(bucketMeta).Get(metaAuditHead)
	if v == nil {
		return auditHead{Hash: make([]byte, AuditHashSize)}, nil
	}
	h, err := decodeAuditHead(v)
	if err != nil {
		return h, db.corrupt("%v", err)
	}
	h.Hash = bytes.Clone(h.Hash)
	return h, nil
}

// auditSummary makes the summary of r without its place in the chain.
func (k *keyring) auditSummary(r booking.AuditRecord) AuditSummary {
	return AuditSummary{
		Action: string(r.Action), At: r.At, Staff: r.Staff, Counter: r.Counter, Ticket: r.Ticket,
		DocumentType: r.DocumentType, IssuingState: r.IssuingState,
		DocumentTag: k.documentTag(r.DocumentNumber), Method: string(r.Method), Verdict: r.Verdict,
		Evidence: r.Evidence, Reason: r.Reason, Outcome: r.Outcome,
	}
}

// documentTag is the HMAC of a document number under the index key, with a label that
// keeps it apart from the birth-date tags. It lets central tell whether two checks were of
// the same document without learning the number; without the kiosk's key nobody can test
// a guessed number against it.
func (k *keyring) documentTag(number string) string {
	if number == "" {
		return ""
	}
	m := hmac.New(sha256.New, k.indexKey)
	m.Write([]byte("audit document number\x00"))
	m.Write([]byte(number))
	return hex.EncodeToString(m.Sum(nil))
}

// checkAudit refuses a record that the audit trail or the central API cannot keep.
func checkAudit(r booking.AuditRecord) error {
	if r.Action != booking.AuditIdentityCheck && r.Action != booking.AuditCodeIssued {
		return fmt.Errorf("%w: unknown audit action %q", ErrInvalidInput, r.Action)
	}
	if r.At.IsZero() {
		return fmt.Errorf("%w: audit record without a time", ErrInvalidInput)
	}
	if r.Staff == "" {
		return fmt.Errorf("%w: audit record without a staff number", ErrInvalidInput)
	}
	if r.Method != "" && r.Method != booking.MethodChip && r.Method != booking.MethodVisual {
		return fmt.Errorf("%w: unknown identity method %q", ErrInvalidInput, r.Method)
	}
	switch r.Verdict {
	case "", booking.VerdictGenuine, booking.VerdictNotGenuine, booking.VerdictUnverified, booking.VerdictVisualOnly:
	default:
		return fmt.Errorf("%w: unknown verdict %q", ErrInvalidInput, r.Verdict)
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"staff", r.Staff, maxAuditID}, {"counter", r.Counter, maxAuditID}, {"ticket", r.Ticket, maxAuditID},
		{"document type", r.DocumentType, maxAuditID}, {"issuing state", r.IssuingState, maxAuditID},
		{"document number", r.DocumentNumber, maxAuditID}, {"evidence", r.Evidence, maxAuditText},
		{"reason", r.Reason, maxAuditText}, {"outcome", r.Outcome, maxAuditText},
	} {
		// The field's value is never quoted: it may be personal data.
		if len(f.value) > f.max {
			return fmt.Errorf("%w: audit %s longer than %d bytes", ErrInvalidInput, f.name, f.max)
		}
		if !utf8.ValidString(f.value) || strings.ContainsFunc(f.value, unicode.IsControl) {
			return fmt.Errorf("%w: audit %s is not valid UTF-8 text without control characters", ErrInvalidInput, f.name)
		}
	}
	return nil
}

// openAuditRecord unseals the record stored under key and recomputes its summary from it.
// It is what VerifyAudit runs on every record and what the fuzz test feeds.
func (db *DB) openAuditRecord(key, v []byte) (AuditSummary, error) {
	prev, hash, sealed, err := splitAuditValue(v)
	if err != nil {
		return AuditSummary{}, err
	}
	if len(key) != 8 {
		return AuditSummary{}, fmt.Errorf("key of %d bytes, want 8", len(key))
	}
	plain, err := db.keys.open(bucketAudit, key, sealed)
	if err != nil {
		return AuditSummary{}, fmt.Errorf("its sealed body: %w (altered, moved to another place, or sealed with another key)", err)
	}
	var r booking.AuditRecord
	if err := json.Unmarshal(plain, &r); err != nil {
		return AuditSummary{}, fmt.Errorf("its body does not decode: %w", err)
	}
	s := db.keys.auditSummary(r)
	s.Seq, s.Prev, s.Hash = binary.BigEndian.Uint64(key), bytes.Clone(prev), bytes.Clone(hash)
	return s, nil
}
