package api

import (
	"fmt"
	"time"
)

// Service is a service a site offers (schema Service).
type Service struct {
	ID              string `json:"id"`
	NameDA          string `json:"nameDa"`
	NameEN          string `json:"nameEn"`
	Prefix          string `json:"prefix"` // one letter A–Z
	DurationSeconds int64  `json:"durationSeconds"`
	// Area is where to sit, in Danish only: what servers sent before WaitingArea. A server
	// still sends it, for kiosks that know no other; a kiosk reads it when WaitingArea is absent.
	Area        string     `json:"area,omitempty"`
	WaitingArea *LocalText `json:"waitingArea,omitempty"` // where to sit, da and en
	Bring       *LocalText `json:"bring,omitempty"`       // what to bring to the counter, da and en
}

// LocalText is a text for citizens in Danish and, optionally, English (schema LocalText).
// A kiosk shows the Danish text where the English one is missing.
type LocalText struct {
	DA string `json:"da"`
	EN string `json:"en,omitempty"`
}

// ServiceList is the body of GET /sites/{site}/services.
type ServiceList struct {
	Services []Service `json:"services"`
}

// Citizen is the personal data of a booked citizen. The kiosk seals it at rest; it is never
// logged.
type Citizen struct {
	GivenNames string `json:"givenNames"`
	Surname    string `json:"surname"`
	BirthDate  string `json:"birthDate"` // "2006-01-02"
}

// Appointment is a booked visit (schema Appointment).
type Appointment struct {
	ID              string    `json:"id"`
	Code            string    `json:"code"` // 8 digits, the last a Damm check digit
	ServiceID       string    `json:"serviceId"`
	Start           time.Time `json:"start"` // RFC 3339 with the site's UTC offset
	DurationSeconds int64     `json:"durationSeconds"`
	Cancelled       bool      `json:"cancelled,omitempty"`
	Citizen         Citizen   `json:"citizen"`
}

// AppointmentList is the body of GET /sites/{site}/appointments?day=.
type AppointmentList struct {
	Day          string        `json:"day"`
	Appointments []Appointment `json:"appointments"`
}

// Event kinds (the enum of Event.kind); they equal booking.EventKind values.
const (
	KindCheckIn      = "check-in"
	KindTicketIssued = "ticket-issued"
	KindCalled       = "called"
	KindServed       = "served"
	KindNoShow       = "no-show"
	KindCancelled    = "cancelled"
	// The counter's own actions, sent by the site desk (earlier kiosks sent "called" for a
	// start and "ticket-issued" for a transfer; the server accepts those still).
	KindRecalled    = "recalled"
	KindServing     = "serving"
	KindTransferred = "transferred"
)

// Ticket is a ticket as an event reports it. It holds ids, never personal data.
type Ticket struct {
	Number        string `json:"number"`
	Day           string `json:"day"`    // "2006-01-02"
	Kind          string `json:"kind"`   // "appointment" or "walk-in"
	Status        string `json:"status"` // issued, called, serving, done, no-show, cancelled
	ServiceID     string `json:"serviceId"`
	AppointmentID string `json:"appointmentId,omitempty"`
	Counter       string `json:"counter,omitempty"`
}

// Event is one thing that happened at a kiosk (schema Event): a ticket's change, or with
// Kind KindAudit a record of the audit trail, which then has no ticket.
type Event struct {
	Key    string      `json:"key"` // idempotency key KIOSK-ID/SEQUENCE, see ParseKey
	Kind   string      `json:"kind"`
	At     time.Time   `json:"at"`
	Ticket Ticket      `json:"ticket,omitzero"`
	Audit  *AuditEvent `json:"audit,omitempty"`
}

// PushRequest is the body of POST /events.
type PushRequest struct {
	KioskID string  `json:"kioskId"`
	Events  []Event `json:"events"`
}

// Results of one pushed event.
const (
	ResultApplied   = "applied"   // new; the server applied it now
	ResultDuplicate = "duplicate" // the key was applied before; the kiosk may forget the event
	ResultRejected  = "rejected"  // never will be applied; Reason says why
)

// EventResult is the server's answer for one event.
type EventResult struct {
	Key    string `json:"key"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// PushResponse is the body of a 200 answer to POST /events: one result per event, in order.
type PushResponse struct {
	Results []EventResult `json:"results"`
}

// Identity-check protocols of Evidence.Protocol.
const (
	ProtocolPACE = "PACE"
	ProtocolBAC  = "BAC"
	// ProtocolNone: no chip was read; staff checked a document without one by eye, and
	// Authenticity is "visual-only".
	ProtocolNone = "none"
)

// Evidence is what the counter established about the document: no images, no MRZ.
type Evidence struct {
	DocumentType string `json:"documentType"`
	IssuingState string `json:"issuingState"`
	Protocol     string `json:"protocol"`
	Authenticity string `json:"authenticity"` // one of the Authenticity… verdicts
	// Reason is why the chip was not checked, as staff recorded it: required with
	// AuthenticityUnverified, allowed with AuthenticityVisualOnly, absent otherwise. See
	// CheckReason for its bounds.
	Reason               string `json:"reason,omitempty"`
	FaceConfirmedByStaff bool   `json:"faceConfirmedByStaff"`
	CPRHash              string `json:"cprHash,omitempty"` // HMAC of the CPR number, never the number
}

// ActivationRequest is the body of POST /activation-codes; the Idempotency-Key header
// travels beside it.
type ActivationRequest struct {
	KioskID  string   `json:"kioskId"`
	StaffID  string   `json:"staffId"`
	Evidence Evidence `json:"evidence"`
}

// ActivationResponse is the body of a 201 answer to POST /activation-codes. Code is a
// secret: it is printed once and never stored or logged by the kiosk.
type ActivationResponse struct {
	UserIDHint string    `json:"userIdHint"`
	Code       string    `json:"code"`
	ExpiresAt  time.Time `json:"expiresAt"`
}

// Heartbeat is the body of POST /kiosks/{kioskId}/heartbeat.
type Heartbeat struct {
	Version       string `json:"version"`
	PendingEvents int    `json:"pendingEvents"`
	DeadLetters   int    `json:"deadLetters"`
}

// Problem is an RFC 9457 problem, the body of every error answer. It is an error, so a
// client can return it as one.
type Problem struct {
	Type   string `json:"type,omitempty"`
	Title  string `json:"title,omitempty"`
	Status int    `json:"status,omitempty"`
	Detail string `json:"detail,omitempty"`
}

func (p *Problem) Error() string {
	if p.Detail != "" {
		return fmt.Sprintf("central: %d %s: %s", p.Status, p.Title, p.Detail)
	}
	return fmt.Sprintf("central: %d %s", p.Status, p.Title)
}
