package api

import (
	"encoding/hex"
	"strconv"
	"time"
)

// KindAudit is the kind of an event that carries a record of the counter's audit trail
// (Event.Audit) instead of a ticket.
const KindAudit = "audit"

// Audit actions, methods and verdicts (the enums of AuditEvent); they equal booking's.
const (
	AuditIdentityCheck = "identity-check"
	AuditCodeIssued    = "code-issued"
)

// Bounds of an audit event's text; storage enforces the same before a record is appended,
// so that a record the kiosk kept is never refused here.
const (
	maxAuditText = 500
	hashHexLen   = 64 // SHA-256 and HMAC-SHA-256 in lowercase hex
)

// AuditEvent is one record of a kiosk's audit trail as the central system receives it
// (schema AuditEvent). It never holds an activation code, a photo or a document number:
// DocumentTag is an HMAC of the number under the kiosk's key. Sequence, PrevHash and Hash
// place it in the kiosk's hash chain; how Hash is computed is the contract's (and
// storage.AuditSummary.ChainHash's) rule, so the central side can recompute it.
type AuditEvent struct {
	Sequence     uint64    `json:"sequence"`
	PrevHash     string    `json:"prevHash"`
	Hash         string    `json:"hash"`
	Action       string    `json:"action"`
	At           time.Time `json:"at"`
	Staff        string    `json:"staff"`
	Counter      string    `json:"counter,omitempty"`
	Ticket       string    `json:"ticket,omitempty"`
	DocumentType string    `json:"documentType,omitempty"`
	IssuingState string    `json:"issuingState,omitempty"`
	DocumentTag  string    `json:"documentTag,omitempty"`
	Method       string    `json:"method,omitempty"`
	Verdict      string    `json:"verdict,omitempty"`
	Evidence     string    `json:"evidence,omitempty"`
	Reason       string    `json:"reason,omitempty"`
	Outcome      string    `json:"outcome,omitempty"`
}

// Validate checks an audit event's form. Whether it links to the kiosk's chain is the
// server's to decide: that needs the chain.
func (a AuditEvent) Validate() error {
	if a.Sequence == 0 {
		return fieldErr("sequence", "must be 1 or more")
	}
	if !isHashHex(a.PrevHash) {
		return fieldErr("prevHash", "not 64 lowercase hex digits")
	}
	if !isHashHex(a.Hash) {
		return fieldErr("hash", "not 64 lowercase hex digits")
	}
	if a.DocumentTag != "" && !isHashHex(a.DocumentTag) {
		return fieldErr("documentTag", "not 64 lowercase hex digits")
	}
	if !oneOf(a.Action, AuditIdentityCheck, AuditCodeIssued) {
		return fieldErr("action", "unknown action")
	}
	if a.At.IsZero() {
		return fieldErr("at", "required")
	}
	if a.Method != "" && !oneOf(a.Method, "chip", "visual-only") {
		return fieldErr("method", "not chip or visual-only")
	}
	if a.Verdict != "" && !oneOf(a.Verdict, "genuine", "not-genuine", "unverified", "visual-only") {
		return fieldErr("verdict", "unknown verdict")
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"staff", a.Staff, maxID}, {"counter", a.Counter, maxID}, {"ticket", a.Ticket, maxID},
		{"documentType", a.DocumentType, maxID}, {"issuingState", a.IssuingState, maxID},
		{"evidence", a.Evidence, maxAuditText}, {"reason", a.Reason, maxAuditText},
		{"outcome", a.Outcome, maxAuditText},
	} {
		if err := checkText(f.name, f.value, f.max, f.name == "staff"); err != nil {
			return err
		}
	}
	return nil
}

// isHashHex accepts exactly 64 lowercase hex digits, the one spelling of a hash, so that
// equal hashes compare equal as text.
func isHashHex(s string) bool {
	if len(s) != hashHexLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && (s[i] < 'a' || s[i] > 'f') {
			return false
		}
	}
	return true
}

// HashBytes decodes a hash Validate accepted; nil for anything else.
func HashBytes(s string) []byte {
	if !isHashHex(s) {
		return nil
	}
	b, _ := hex.DecodeString(s)
	return b
}

// validateKindAudit checks the part of Event.Validate that depends on whether the event is
// an audit event: an audit event has an audit record and no ticket, any other the reverse.
func (e Event) validateKindAudit() (isAudit bool, err error) {
	if e.Kind != KindAudit {
		if e.Audit != nil {
			return false, fieldErr("audit", "only allowed in an event of kind "+strconv.Quote(KindAudit))
		}
		return false, nil
	}
	if e.Audit == nil {
		return true, fieldErr("audit", "required")
	}
	if e.Ticket != (Ticket{}) {
		return true, fieldErr("ticket", "not allowed in an audit event")
	}
	if err := e.Audit.Validate(); err != nil {
		return true, within("audit", err)
	}
	return true, nil
}
