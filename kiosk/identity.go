package kiosk

import (
	"context"
	"errors"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/reader"
)

// IdentityReader reads the chip of the document lying on the counter's reader: the PC/SC
// reader of the config in a centre, the in-process virtual passport in demo mode.
// progress is called from the reading goroutine. A cancelled ctx ends the read.
type IdentityReader interface {
	ReadIdentity(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error)
}

// IdentityReaderFunc makes a function an IdentityReader.
type IdentityReaderFunc func(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error)

// ReadIdentity calls f.
func (f IdentityReaderFunc) ReadIdentity(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
	return f(ctx, key, progress)
}

// CodeRequest is what the counter tells the central system when it asks for a MitID
// activation code: who asks, and what was established about the document. No name, no
// document number, no photo.
type CodeRequest struct {
	Staff         string
	DocumentType  string // "passport", "id-card", "driving-licence", "residence-permit"
	IssuingState  string // ICAO code, "DNK"
	Protocol      string // "PACE", "BAC", or "none" for a visual-only check
	Authenticity  string // booking.VerdictGenuine, VerdictUnverified or VerdictVisualOnly
	Reason        string // why staff went on without a chip check (unverified); see checkReason
	FaceConfirmed bool
}

// IssuedCode is the central system's answer. Code is a secret: it lives in memory until
// the letter has printed and is never logged or stored.
type IssuedCode struct {
	UserIDHint string
	Code       string
	ExpiresAt  time.Time
}

// CodeIssuer asks the central system for activation codes. RequestKey hands out a new
// idempotency key (KIOSK-ID/SEQUENCE); the counter keeps one per identified citizen and
// sends it again on every retry, so a retry after a timeout gets the same code.
// IssueCode's errors wrap ErrCentralUnavailable, ErrCodeRefused or ErrCodeLimit when
// they are one of those, so the counter can say what happened.
type CodeIssuer interface {
	RequestKey() (string, error)
	IssueCode(ctx context.Context, key string, req CodeRequest) (IssuedCode, error)
}

// AuditLog keeps the counter's audit trail. *storage.DB satisfies it.
type AuditLog interface {
	AppendAudit(booking.AuditRecord) error
}

// Errors a CodeIssuer returns wrapped, so the counter can tell staff what happened.
var (
	// ErrCentralUnavailable: the central system could not be reached, timed out or failed
	// (5xx) on every attempt. A retry under the same key is safe.
	ErrCentralUnavailable = errors.New("kiosk: the central system is unavailable")
	// ErrCodeRefused: the central system refused to issue a code for this request (422 and
	// other permanent refusals); the same request gets the same answer.
	ErrCodeRefused = errors.New("kiosk: the central system refused the activation code")
	// ErrCodeLimit: too many codes were requested from this counter in the last hour (429).
	ErrCodeLimit = errors.New("kiosk: too many activation codes requested")
)

// Errors of the identify screen's access key entry. They never hold what was typed.
var (
	// ErrBadDocumentNumber: a typed document number is not 1 to 9 letters and digits.
	ErrBadDocumentNumber = errors.New("kiosk: a document number is 1 to 9 letters and digits")
	// ErrBadMRZDate: a typed birth or expiry date is not a YYMMDD calendar date.
	ErrBadMRZDate = errors.New("kiosk: a date is 6 digits, YYMMDD, and must exist")
)
