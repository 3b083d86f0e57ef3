package auth

import (
	"fmt"
	"io"
	"strings"
)

// CheckStatus is the answer of active or chip authentication.
type CheckStatus string

// Chip authenticity answers.
const (
	Passed       CheckStatus = "passed"        // the chip proved it holds the private key
	Failed       CheckStatus = "failed"        // it did not, or answered nonsense
	NotSupported CheckStatus = "not-supported" // the chip does not offer it, or not in a way implemented here
)

// CheckResult is the outcome of active or chip authentication.
type CheckResult struct {
	Status    CheckStatus `json:"status"`
	Algorithm string      `json:"algorithm,omitempty"` // e.g. "RSA-1024 ISO/IEC 9796-2 SHA-1", "ECDH P-256 AES-128"
	Reason    string      `json:"reason,omitempty"`
	Err       error       `json:"-"` // typed error behind Reason
}

// failed makes a Failed result from err.
func failed(alg string, err error) CheckResult {
	return CheckResult{Status: Failed, Algorithm: alg, Reason: err.Error(), Err: err}
}

// notSupported makes a NotSupported result.
func notSupported(alg, reason string, err error) CheckResult {
	return CheckResult{Status: NotSupported, Algorithm: alg, Reason: reason, Err: err}
}

// Overall is the single answer staff act on.
type Overall string

// Overall answers.
const (
	// Genuine: passive authentication is valid and no chip check failed.
	Genuine Overall = "genuine"
	// NotGenuine: a check failed; do not accept the document.
	NotGenuine Overall = "not-genuine"
	// Unverified: nothing failed, but passive authentication could not be completed
	// (unknown CSCA, not checked); check the document by other means.
	Unverified Overall = "unverified"
)

// Verdict answers "is this document genuine?" for the kiosk and the CLI.
type Verdict struct {
	Overall Overall       `json:"overall"`
	Summary string        `json:"summary"` // one sentence for staff
	Passive PassiveResult `json:"passive"`
	Active  CheckResult   `json:"activeAuthentication"`
	Chip    CheckResult   `json:"chipAuthentication"`
	// CardAccess compares EF.CardAccess with the PACEInfos DG14 signs (CheckCardAccess,
	// WithCardAccess); zero when not checked.
	CardAccess CheckResult `json:"cardAccess,omitzero"`
	// Expired is true when the document's expiry date has passed: a genuine chip in
	// a document that no longer proves who the holder is (WithExpired).
	Expired bool `json:"expired"`
}

// WithCardAccess returns v with the comparison of EF.CardAccess and DG14: an altered
// or pushed-down EF.CardAccess makes the document not genuine, since a chip whose
// signed data promise a stronger PACE than it ran is not the chip the issuer made.
func (v Verdict) WithCardAccess(r CheckResult) Verdict {
	v.CardAccess = r
	if r.Status == Failed && v.Overall != NotGenuine {
		v.Overall, v.Summary = NotGenuine, "The chip's access data (EF.CardAccess) are not those the issuer signed: do not accept the document."
	}
	return v
}

// WithExpired returns v flagged as the verdict on an expired document, the summary
// saying so; authenticity itself does not depend on the date.
func (v Verdict) WithExpired(expired bool) Verdict {
	if expired && !v.Expired {
		v.Expired = true
		v.Summary += " The document has expired."
	}
	return v
}

// NewVerdict combines the three checks. A failed check makes the document not
// genuine whatever else passed; the data are genuine only with passive
// authentication valid; without active or chip authentication a copied chip
// cannot be excluded, which the summary says.
func NewVerdict(passive PassiveResult, active, chip CheckResult) Verdict {
	v := Verdict{Passive: passive, Active: active, Chip: chip}
	cloneChecked := active.Status == Passed || chip.Status == Passed
	switch {
	case passive.Status == PassiveInvalid:
		v.Overall, v.Summary = NotGenuine, "The chip's data are not signed by the issuer as read: do not accept the document."
	case active.Status == Failed || chip.Status == Failed:
		v.Overall, v.Summary = NotGenuine, "The chip failed to prove it is the original chip: do not accept the document."
	case passive.Status == PassiveUnknownCSCA:
		v.Overall, v.Summary = Unverified, "The issuing country's certificate is not in the trust store: check the document by other means."
	case passive.Status != PassiveValid:
		v.Overall, v.Summary = Unverified, "The chip's signature could not be checked: check the document by other means."
	case !cloneChecked:
		v.Overall, v.Summary = Genuine, "The chip's data are signed by the issuer; the chip offers no clone check."
	default:
		v.Overall, v.Summary = Genuine, "The chip's data are signed by the issuer and the chip is the original."
	}
	return v
}

// WriteText writes the verdict for a person, one check per line.
func (v Verdict) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s %s: %s\n", "authenticity", v.Overall, v.Summary)
	if v.Expired {
		fmt.Fprintf(&b, "%-16s %s\n", "expired", "yes")
	}
	fmt.Fprintf(&b, "%-16s %s", "passive", v.Passive.Status)
	if v.Passive.DocumentSigner != "" {
		fmt.Fprintf(&b, " (DS %s", v.Passive.DocumentSigner)
		if v.Passive.CSCA != "" {
			fmt.Fprintf(&b, "; CSCA %s", v.Passive.CSCA)
		}
		b.WriteString(")")
	}
	b.WriteString("\n")
	for _, r := range v.Passive.Reasons {
		fmt.Fprintf(&b, "%-16s   %s\n", "", r)
	}
	for _, c := range []struct {
		name string
		r    CheckResult
	}{{"active auth", v.Active}, {"chip auth", v.Chip}, {"card access", v.CardAccess}} {
		if c.r.Status == "" {
			continue // not checked
		}
		fmt.Fprintf(&b, "%-16s %s", c.name, c.r.Status)
		if c.r.Algorithm != "" {
			fmt.Fprintf(&b, " (%s)", c.r.Algorithm)
		}
		if c.r.Reason != "" {
			fmt.Fprintf(&b, ": %s", c.r.Reason)
		}
		b.WriteString("\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write verdict: %w", err)
	}
	return nil
}
