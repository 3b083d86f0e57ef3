package storage

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// AuditHashSize is the length of an audit chain hash (SHA-256).
const AuditHashSize = sha256.Size

// AuditSummary is an audit record as it leaves the kiosk and as the chain hashes it: every
// field of the record except the document number, which is replaced by DocumentTag, a keyed
// HMAC of it. The central system can thus recompute every hash of a kiosk's chain without
// ever holding a document number, and the kiosk's own chain binds the number all the same
// (the tag changes when the number does).
type AuditSummary struct {
	Seq  uint64 // 1 for the kiosk's first record, then one more per record, no gaps
	Prev []byte // the previous record's Hash; AuditHashSize zero bytes for the first
	Hash []byte // ChainHash() as it was when the record was appended

	Action       string
	At           time.Time
	Staff        string
	Counter      string
	Ticket       string
	DocumentType string
	IssuingState string
	DocumentTag  string // hex HMAC-SHA-256 of the document number; "" when none was recorded
	Method       string
	Verdict      string
	Evidence     string
	Reason       string
	Outcome      string
}

// auditDomain starts the hashed encoding, so that an audit hash can never be mistaken for
// a hash of anything else the project computes, and a later layout can be told apart.
const auditDomain = "citizenkiosk audit record v1\x00"

// ChainHash computes SHA-256(Prev ‖ canonical encoding), where the canonical encoding is
// auditDomain, Seq as 8 bytes big-endian, then each text field in the order of the struct
// (At as RFC 3339 with nanoseconds in UTC) as a uvarint length and its bytes. Lengths make
// the encoding unambiguous: no two different summaries encode the same. Hash itself is not
// an input. api/openapi.yaml (AuditEvent) states the same rule for the central side.
func (s AuditSummary) ChainHash() []byte {
	h := sha256.New()
	h.Write(s.Prev)
	h.Write(s.canonical())
	return h.Sum(nil)
}

func (s AuditSummary) canonical() []byte {
	fields := []string{
		s.Action, s.At.UTC().Format(time.RFC3339Nano), s.Staff, s.Counter, s.Ticket,
		s.DocumentType, s.IssuingState, s.DocumentTag, s.Method, s.Verdict, s.Evidence,
		s.Reason, s.Outcome,
	}
	n := len(auditDomain) + 8
	for _, f := range fields {
		n += binary.MaxVarintLen64 + len(f)
	}
	out := make([]byte, 0, n)
	out = append(out, auditDomain...)
	out = binary.BigEndian.AppendUint64(out, s.Seq)
	for _, f := range fields {
		out = binary.AppendUvarint(out, uint64(len(f)))
		out = append(out, f...)
	}
	return out
}

// auditRecordV1 starts every stored audit record.
const auditRecordV1 = 1

// encodeAuditValue lays out a stored record: version byte, previous hash, own hash, and
// the sealed body. The hashes are in clear so that a damaged body still leaves the chain
// readable around it; they reveal nothing, being hashes over fields that include a keyed
// HMAC and free text.
func encodeAuditValue(prev, hash, sealed []byte) []byte {
	out := make([]byte, 0, 1+2*AuditHashSize+len(sealed))
	out = append(out, auditRecordV1)
	out = append(out, prev...)
	out = append(out, hash...)
	return append(out, sealed...)
}

// errAuditLayout reports a stored audit value that is not laid out as encodeAuditValue
// writes it.
var errAuditLayout = errors.New("not an audit record of a known layout")

// splitAuditValue reverses encodeAuditValue without unsealing. The returned slices alias v.
func splitAuditValue(v []byte) (prev, hash, sealed []byte, err error) {
	const head = 1 + 2*AuditHashSize
	if len(v) < head {
		return nil, nil, nil, fmt.Errorf("%w: %d bytes", errAuditLayout, len(v))
	}
	if v[0] != auditRecordV1 {
		return nil, nil, nil, fmt.Errorf("%w: version %d", errAuditLayout, v[0])
	}
	return v[1 : 1+AuditHashSize], v[1+AuditHashSize : head], v[head:], nil
}

// auditHead is the last record's sequence and hash, kept in meta so that cutting records
// off the end of the chain is noticed.
type auditHead struct {
	Seq  uint64
	Hash []byte
}

func (h auditHead) encode() []byte {
	return append(binary.BigEndian.AppendUint64(nil, h.Seq), h.Hash...)
}

func decodeAuditHead(v []byte) (auditHead, error) {
	if len(v) != 8+AuditHashSize {
		return auditHead{}, fmt.Errorf("audit head is %d bytes, want %d", len(v), 8+AuditHashSize)
	}
	return auditHead{Seq: binary.BigEndian.Uint64(v), Hash: v[8:]}, nil
}
