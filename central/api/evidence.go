package api

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Verdicts of Evidence.Authenticity: what the counter found about the document.
const (
	// AuthenticityGenuine: the chip's data was verified (passive authentication, and active
	// or chip authentication where the chip supports it).
	AuthenticityGenuine = "genuine"
	// AuthenticityUnverified: the chip was read but could not be checked (no trust anchor,
	// a reader fault); staff record why in Evidence.Reason.
	AuthenticityUnverified = "unverified"
	// AuthenticityVisualOnly: a document without a readable chip, checked by eye.
	AuthenticityVisualOnly = "visual-only"
	// AuthenticityNotGenuine: the check found the document forged or altered. It is a valid
	// verdict to report, and never receives a code (the server answers 422).
	AuthenticityNotGenuine = "not-genuine"
)

// MayReceiveCode reports whether evidence with the verdict authenticity may receive an
// activation code: genuine, unverified and visual-only may, not-genuine may not.
func MayReceiveCode(authenticity string) bool {
	return oneOf(authenticity, AuthenticityGenuine, AuthenticityUnverified, AuthenticityVisualOnly)
}

// MaxReasonLen bounds Evidence.Reason in characters: a short phrase, not a case note.
const MaxReasonLen = 120

// reasonPunct is the punctuation a reason may hold besides letters and spaces.
const reasonPunct = ".,;:-()/'"

// CheckReason checks a reason of Evidence.Reason: at most MaxReasonLen characters of
// letters (any script, æøå included), single spaces and the punctuation . , ; : - ( ) / '.
// Digits are refused on purpose: a CPR number, a birth date or a document number cannot
// ride along in a field the central system keeps with the request.
func CheckReason(field, s string) error {
	switch {
	case !utf8.ValidString(s):
		return fieldErr(field, "not valid UTF-8")
	case utf8.RuneCountInString(s) > MaxReasonLen:
		return fieldErr(field, "longer than "+strconv.Itoa(MaxReasonLen)+" characters")
	case strings.TrimSpace(s) != s || strings.Contains(s, "  "):
		return fieldErr(field, "leading, trailing or double spaces")
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || strings.ContainsRune(reasonPunct, r):
		default:
			return fieldErr(field, "a character other than a letter, a space or "+reasonPunct)
		}
	}
	if letters == 0 {
		return fieldErr(field, "required")
	}
	return nil
}

// Validate checks the evidence's fields. Whether staff confirmed the face, and whether the
// verdict may receive a code, are the server's decisions, not matters of form.
func (e Evidence) Validate() error {
	if err := checkText("documentType", e.DocumentType, maxID, true); err != nil {
		return err
	}
	if err := checkText("issuingState", e.IssuingState, maxID, true); err != nil {
		return err
	}
	if !oneOf(e.Protocol, ProtocolPACE, ProtocolBAC) {
		return fieldErr("protocol", "not PACE or BAC")
	}
	switch e.Authenticity {
	case AuthenticityUnverified:
		if err := CheckReason("reason", e.Reason); err != nil {
			return err
		}
	case AuthenticityVisualOnly:
		if e.Reason != "" {
			if err := CheckReason("reason", e.Reason); err != nil {
				return err
			}
		}
	case AuthenticityGenuine, AuthenticityNotGenuine:
		if e.Reason != "" {
			return fieldErr("reason", "only with unverified or visual-only")
		}
	default:
		return fieldErr("authenticity", "not genuine, unverified, visual-only or not-genuine")
	}
	return checkText("cprHash", e.CPRHash, maxName, false)
}
