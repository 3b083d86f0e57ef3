package central

import (
	"encoding/hex"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// auditEventFrom makes the wire form of an audit record waiting in the outbox: its summary,
// which storage made without the document number, and its place in the kiosk's chain.
func auditEventFrom(key string, s storage.AuditSummary, created time.Time) api.Event {
	return api.Event{Key: key, Kind: api.KindAudit, At: created, Audit: &api.AuditEvent{
		Sequence: s.Seq, PrevHash: hex.EncodeToString(s.Prev), Hash: hex.EncodeToString(s.Hash),
		Action: s.Action, At: s.At, Staff: s.Staff, Counter: s.Counter, Ticket: s.Ticket,
		DocumentType: s.DocumentType, IssuingState: s.IssuingState, DocumentTag: s.DocumentTag,
		Method: s.Method, Verdict: s.Verdict, Evidence: s.Evidence, Reason: s.Reason, Outcome: s.Outcome,
	}}
}
