package booking

import "time"

// AuditAction is what a record of the counter's audit trail reports.
type AuditAction string

// The audit actions.
const (
	// AuditIdentityCheck: staff checked a citizen's identity document, with the chip or by eye.
	AuditIdentityCheck AuditAction = "identity-check"
	// AuditCodeIssued: the central system issued a MitID activation code for that citizen.
	AuditCodeIssued AuditAction = "code-issued"
)

// IdentityMethod says how a document was checked.
type IdentityMethod string

// The identity methods.
const (
	// MethodChip: the chip was read and its authenticity checked (passive, active and chip
	// authentication as far as the document supports them).
	MethodChip IdentityMethod = "chip"
	// MethodVisual: a document without a readable chip (a Danish driving licence, a residence
	// permit card), checked by eye; staff recorded its type and number.
	MethodVisual IdentityMethod = "visual-only"
)

// Verdicts of an identity check as the audit trail and the central API name them.
const (
	VerdictGenuine    = "genuine"     // the chip's data is signed by a trusted issuer and the chip is not a clone
	VerdictNotGenuine = "not-genuine" // a check failed: the document must not be trusted
	VerdictUnverified = "unverified"  // the chip could not be checked; staff went on with a recorded reason
	VerdictVisualOnly = "visual-only" // no chip was read; staff checked the document by eye
)

// AuditRecord is one entry of the counter's audit trail: who checked which document, how,
// with what verdict, and what followed. It never holds an activation code or a photo.
// DocumentNumber is personal data: storage seals the record at rest and it is never logged.
type AuditRecord struct {
	Action  AuditAction
	At      time.Time
	Staff   string // the staff number logged in at the counter
	Counter string // the counter's name, as the board shows it
	Ticket  string // the ticket at the counter ("A042"); "" when none was called

	DocumentType   string // "passport", "id-card", "driving-licence", "residence-permit", ...
	IssuingState   string // ICAO three-letter code ("DNK"), when known
	DocumentNumber string
	Method         IdentityMethod
	Verdict        string // one of the Verdict constants
	// Evidence summarises what was checked, without personal data: "PACE; passive: valid;
	// active: valid; chip: not-supported; document valid until 2031-04-15".
	Evidence string
	// Reason is what staff recorded when they went on with an unverified chip or a
	// visual-only check, or why the check blocked the code ("expired", "under 13").
	Reason string
	// Outcome is "confirmed" or "blocked" for an identity check; for an issued code, the
	// masked MitID user id the central answer gave (never the code).
	Outcome string
}
