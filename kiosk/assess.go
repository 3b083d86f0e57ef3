package kiosk

import (
	"image"
	"strings"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
)

// MitIDMinAge is MitID's lower age limit: a citizen under 13 cannot get an activation code.
const MitIDMinAge = 13

// block is a reason the counter may not issue a code for a document.
type block string

const (
	blockNotGenuine block = "not genuine"
	blockExpired    block = "expired"
	blockUnder13    block = "under 13"
)

// identity is what the counter established about the citizen at the counter: from the chip
// (method chip) or from a document staff checked by eye (method visual-only). It holds
// personal data for the screen only: it is dropped when the session ends, never logged.
type identity struct {
	method       booking.IdentityMethod
	docType      string // "passport", "id-card", "driving-licence", "residence-permit"
	issuingState string
	number       string
	protocol     string // "PACE", "BAC"; "none" for visual-only

	name, nationality string
	birth, expiry     time.Time // zero when unknown
	photo             image.Image

	verdict string        // booking.Verdict*
	why     verdictReason // what the verdict rests on, for staff
	blocks  []block
}

// verdictReason says in a few words what a chip verdict rests on; the screen translates it.
type verdictReason int

const (
	reasonVisual       verdictReason = iota // no chip was read
	reasonCloneChecked                      // signed by the issuer, and the chip is the original
	reasonNoCloneCheck                      // signed by the issuer; the chip offers no clone check
	reasonBadSignature                      // the data are not signed by the issuer as read
	reasonClone                             // the chip failed to prove it is the original
	reasonUnknownCSCA                       // the issuer's certificate is not in the trust store
	reasonNotChecked                        // the signature could not be checked
)

// assess turns a chip read into what the counter shows and decides, at now.
func assess(doc *reader.Document, now time.Time) *identity {
	m := doc.MRZ
	id := &identity{
		method: booking.MethodChip, docType: documentType(m.DocumentCode), issuingState: m.IssuingState,
		number: strings.TrimRight(m.DocumentNumber, "<"), protocol: doc.Protocol,
		name:        strings.TrimSpace(strings.Join(strings.Fields(m.GivenNames+" "+m.Surname), " ")),
		nationality: m.Nationality, photo: doc.PhotoImage,
	}
	if b, err := m.Birth(now); err == nil {
		id.birth = b
	}
	if e, err := m.Expiry(now); err == nil {
		id.expiry = e
	}
	id.verdict, id.why = chipVerdict(doc.Authenticity)
	if id.verdict == booking.VerdictNotGenuine {
		id.blocks = append(id.blocks, blockNotGenuine)
	}
	id.blocks = append(id.blocks, ageAndExpiry(id.birth, id.expiry, now)...)
	return id
}

// ageAndExpiry blocks a document that expired before today, or a citizen under 13. A
// document is valid through its expiry date; an unknown expiry cannot be shown valid.
func ageAndExpiry(birth, expiry, now time.Time) []block {
	var out []block
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if expiry.IsZero() || time.Date(expiry.Year(), expiry.Month(), expiry.Day(), 0, 0, 0, 0, time.UTC).Before(today) {
		out = append(out, blockExpired)
	}
	if !birth.IsZero() && age(birth, now) < MitIDMinAge {
		out = append(out, blockUnder13)
	}
	return out
}

// age is how many birthdays a person born on birth has had by now. Someone born on
// 29 February has theirs on 1 March in other years, as Danish law counts it.
func age(birth, now time.Time) int {
	years := now.Year() - birth.Year()
	if now.Month() < birth.Month() || now.Month() == birth.Month() && now.Day() < birth.Day() {
		years--
	}
	return years
}

// chipVerdict maps the reader's verdict to the audit trail's words and the reason staff see.
// A read that skipped the checks is "unverified".
func chipVerdict(v *auth.Verdict) (string, verdictReason) {
	if v == nil {
		return booking.VerdictUnverified, reasonNotChecked
	}
	switch v.Overall {
	case auth.Genuine:
		if v.Active.Status == auth.Passed || v.Chip.Status == auth.Passed {
			return booking.VerdictGenuine, reasonCloneChecked
		}
		return booking.VerdictGenuine, reasonNoCloneCheck
	case auth.NotGenuine:
		if v.Passive.Status == auth.PassiveInvalid {
			return booking.VerdictNotGenuine, reasonBadSignature
		}
		return booking.VerdictNotGenuine, reasonClone
	}
	if v.Passive.Status == auth.PassiveUnknownCSCA {
		return booking.VerdictUnverified, reasonUnknownCSCA
	}
	return booking.VerdictUnverified, reasonNotChecked
}

// documentType names an ICAO 9303 document code the way the audit trail does: P… is a
// passport; I…, A… and C… are identity cards.
func documentType(code string) string {
	switch {
	case strings.HasPrefix(code, "P"):
		return "passport"
	case strings.HasPrefix(code, "I"), strings.HasPrefix(code, "A"), strings.HasPrefix(code, "C"):
		return "id-card"
	}
	return "travel-document"
}

// evidence summarises a chip check for the audit trail, without personal data.
func evidence(doc *reader.Document, id *identity) string {
	parts := []string{id.protocol}
	if v := doc.Authenticity; v != nil {
		parts = append(parts, "passive: "+string(v.Passive.Status), "active: "+string(v.Active.Status),
			"chip: "+string(v.Chip.Status))
	} else {
		parts = append(parts, "authenticity not checked")
	}
	if !id.expiry.IsZero() {
		parts = append(parts, "document valid until "+id.expiry.Format(time.DateOnly))
	}
	return strings.Join(parts, "; ")
}

// blocked reports whether anything blocks the code.
func (id *identity) blocked() bool { return len(id.blocks) > 0 }

// blockNames joins the blocks for the audit record's reason.
func (id *identity) blockNames() string {
	names := make([]string, len(id.blocks))
	for i, b := range id.blocks {
		names[i] = string(b)
	}
	return strings.Join(names, ", ")
}
