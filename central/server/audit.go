package server

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// The audit chains, one per kiosk. The chain bucket is the copy that AuditChains verifies;
// the breaks bucket records what was wrong with a record when it arrived, so that a gap or
// a forged link is reported even after the gap is later filled.
var (
	bucketAuditChain  = []byte("audit-chain")  // kiosk ‖ 0 ‖ seq (uint64 BE) → api.AuditEvent JSON
	bucketAuditHeads  = []byte("audit-heads")  // kiosk → seq (uint64 BE) ‖ hash: the highest record held
	bucketAuditBreaks = []byte("audit-breaks") // kiosk ‖ 0 ‖ seq (uint64 BE) → auditBreak JSON
)

// Reasons of rejected audit events.
const (
	ReasonAuditHash     = "the audit record's hash does not match its contents"
	reasonAuditConflict = "another audit record with this sequence is held: "
)

// auditBreak is a problem found with an audit record as it arrived.
type auditBreak struct {
	Problem string    `json:"problem"`
	At      time.Time `json:"at"`
}

// auditKey is kiosk ‖ 0 ‖ seq. Kiosk ids never hold a zero byte (api.ValidKioskID), so one
// kiosk's keys never fall among another's.
func auditKey(kiosk string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(kiosk), 0), seq)
}

// auditSummary is the record as the kiosk hashed it; storage owns the hashing rule.
func auditSummary(a *api.AuditEvent) storage.AuditSummary {
	return storage.AuditSummary{
		Seq: a.Sequence, Prev: api.HashBytes(a.PrevHash), Hash: api.HashBytes(a.Hash),
		Action: a.Action, At: a.At, Staff: a.Staff, Counter: a.Counter, Ticket: a.Ticket,
		DocumentType: a.DocumentType, IssuingState: a.IssuingState, DocumentTag: a.DocumentTag,
		Method: a.Method, Verdict: a.Verdict, Evidence: a.Evidence, Reason: a.Reason, Outcome: a.Outcome,
	}
}

// selfConsistent reports whether a's hash is what its contents and link hash to.
func selfConsistent(a *api.AuditEvent) bool {
	return hex.EncodeToString(auditSummary(a).ChainHash()) == a.Hash
}

// applyAudit applies an audit event inside the push's transaction. A record whose hash
// does not match its contents is rejected: nothing about it can be trusted. A record that
// arrives after a gap, or whose link does not match the record before it, is stored (so
// nothing the kiosk sent is lost) and the break is recorded for AuditChains to report.
// The same record under another idempotency key is a duplicate; a different record under
// a sequence already held is rejected and recorded.
func applyAudit(tx eventTx, kiosk string, it pushItem, now time.Time) (api.EventResult, error) {
	a := it.event.Audit
	if !selfConsistent(a) {
		return api.EventResult{Key: it.result.Key, Status: api.ResultRejected, Reason: ReasonAuditHash}, nil
	}
	// The head first: on PostgreSQL reading it holds the kiosk's chain until commit, so two
	// servers never link records to one head.
	headSeq, headHash, err := tx.auditHead(kiosk)
	if err != nil {
		return api.EventResult{}, err
	}
	if _, ok, err := tx.applied(it.result.Key); err != nil || ok {
		if err != nil {
			return api.EventResult{}, err
		}
		return applyOne(tx, kiosk, it, now) // a replay: duplicate, or a key reused
	}
	held, err := tx.auditRecord(kiosk, a.Sequence)
	if err != nil {
		return api.EventResult{}, err
	}
	if held != nil {
		var h api.AuditEvent
		if err := json.Unmarshal(held, &h); err != nil {
			return api.EventResult{}, fmt.Errorf("decode held audit record: %w", err)
		}
		if h.Hash == a.Hash {
			return api.EventResult{Key: it.result.Key, Status: api.ResultDuplicate}, nil
		}
		problem := reasonAuditConflict + "its hash differs"
		if err := tx.putAuditBreak(kiosk, a.Sequence, auditBreak{Problem: problem, At: now}); err != nil {
			return api.EventResult{}, fmt.Errorf("put audit break: %w", err)
		}
		return api.EventResult{Key: it.result.Key, Status: api.ResultRejected, Reason: problem}, nil
	}
	var problem string
	switch {
	case a.Sequence > headSeq+1:
		problem = fmt.Sprintf("arrived after a gap: records %d to %d were missing", headSeq+1, a.Sequence-1)
	case a.Sequence == headSeq+1 && a.PrevHash != headHash:
		problem = "its link does not match record " + strconv.FormatUint(headSeq, 10) + "'s hash"
	}
	if problem != "" {
		if err := tx.putAuditBreak(kiosk, a.Sequence, auditBreak{Problem: problem, At: now}); err != nil {
			return api.EventResult{}, fmt.Errorf("put audit break: %w", err)
		}
	}
	res, err := applyOne(tx, kiosk, it, now)
	if err != nil || res.Status != api.ResultApplied {
		return res, err
	}
	body, err := json.Marshal(a)
	if err != nil {
		return res, fmt.Errorf("encode audit record: %w", err)
	}
	if err := tx.putAuditRecord(kiosk, a.Sequence, body); err != nil {
		return res, fmt.Errorf("put audit record: %w", err)
	}
	if a.Sequence > headSeq {
		if err := tx.setAuditHead(kiosk, a.Sequence, a.Hash); err != nil {
			return res, fmt.Errorf("put audit head: %w", err)
		}
	}
	return res, nil
}

// auditHeadOf returns the highest sequence held for kiosk and its hash; 0 and the zero
// hash (the first record's link) when none is held.
func auditHeadOf(heads *bolt.Bucket, kiosk string) (uint64, string, error) {
	v := heads.Get([]byte(kiosk))
	if v == nil {
		return 0, zeroAuditHash, nil
	}
	if len(v) != 8+2*storage.AuditHashSize {
		return 0, "", fmt.Errorf("audit head of %s is %d bytes", kiosk, len(v))
	}
	return binary.BigEndian.Uint64(v), string(v[8:]), nil
}

// zeroAuditHash is the link of a chain's first record.
var zeroAuditHash = hex.EncodeToString(make([]byte, storage.AuditHashSize))
