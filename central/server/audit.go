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

// auditApplier returns applyOne's counterpart for audit events of kiosk in tx.
func auditApplier(tx *bolt.Tx, kiosk string) func(_, _ *bolt.Bucket, it pushItem, now time.Time) (api.EventResult, error) {
	return func(_, _ *bolt.Bucket, it pushItem, now time.Time) (api.EventResult, error) {
		return applyAudit(tx, kiosk, it, now)
	}
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
func applyAudit(tx *bolt.Tx, kiosk string, it pushItem, now time.Time) (api.EventResult, error) {
	keys, log := tx.Bucket(bucketApplied), tx.Bucket(bucketEvents)
	a := it.event.Audit
	if !selfConsistent(a) {
		return api.EventResult{Key: it.result.Key, Status: api.ResultRejected, Reason: ReasonAuditHash}, nil
	}
	if keys.Get([]byte(it.result.Key)) != nil {
		return applyOne(keys, log, it, now) // a replay: duplicate, or a key reused
	}
	chain, heads := tx.Bucket(bucketAuditChain), tx.Bucket(bucketAuditHeads)
	if held := chain.Get(auditKey(kiosk, a.Sequence)); held != nil {
		var h api.AuditEvent
		if err := json.Unmarshal(held, &h); err != nil {
			return api.EventResult{}, fmt.Errorf("decode held audit record: %w", err)
		}
		if h.Hash == a.Hash {
			return api.EventResult{Key: it.result.Key, Status: api.ResultDuplicate}, nil
		}
		problem := reasonAuditConflict + "its hash differs"
		if err := recordBreak(tx, kiosk, a.Sequence, problem, now); err != nil {
			return api.EventResult{}, err
		}
		return api.EventResult{Key: it.result.Key, Status: api.ResultRejected, Reason: problem}, nil
	}
	headSeq, headHash, err := auditHeadOf(heads, kiosk)
	if err != nil {
		return api.EventResult{}, err
	}
	switch {
	case a.Sequence > headSeq+1:
		err = recordBreak(tx, kiosk, a.Sequence, fmt.Sprintf("arrived after a gap: records %d to %d were missing", headSeq+1, a.Sequence-1), now)
	case a.Sequence == headSeq+1 && a.PrevHash != headHash:
		err = recordBreak(tx, kiosk, a.Sequence, "its link does not match record "+strconv.FormatUint(headSeq, 10)+"'s hash", now)
	}
	if err != nil {
		return api.EventResult{}, err
	}
	res, err := applyOne(keys, log, it, now)
	if err != nil || res.Status != api.ResultApplied {
		return res, err
	}
	body, err := json.Marshal(a)
	if err != nil {
		return res, fmt.Errorf("encode audit record: %w", err)
	}
	if err := chain.Put(auditKey(kiosk, a.Sequence), body); err != nil {
		return res, fmt.Errorf("put audit record: %w", err)
	}
	if a.Sequence > headSeq {
		head := binary.BigEndian.AppendUint64(nil, a.Sequence)
		if err := heads.Put([]byte(kiosk), append(head, a.Hash...)); err != nil {
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
		return 0, hex.EncodeToString(make([]byte, storage.AuditHashSize)), nil
	}
	if len(v) != 8+2*storage.AuditHashSize {
		return 0, "", fmt.Errorf("audit head of %s is %d bytes", kiosk, len(v))
	}
	return binary.BigEndian.Uint64(v), string(v[8:]), nil
}

func recordBreak(tx *bolt.Tx, kiosk string, seq uint64, problem string, now time.Time) error {
	v, err := json.Marshal(auditBreak{Problem: problem, At: now})
	if err != nil {
		return fmt.Errorf("encode audit break: %w", err)
	}
	if err := tx.Bucket(bucketAuditBreaks).Put(auditKey(kiosk, seq), v); err != nil {
		return fmt.Errorf("put audit break: %w", err)
	}
	return nil
}
