package auth

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"time"
)

// PassiveStatus is the answer of passive authentication.
type PassiveStatus string

// Passive authentication answers.
const (
	// PassiveValid: every data group read hashes to the SOD's value, the SOD's
	// signature verifies with the DS certificate, and a trusted CSCA issued it.
	PassiveValid PassiveStatus = "valid"
	// PassiveInvalid: something verifiably failed: a hash, a signature, a validity
	// period, a key usage, a revocation, or the SOD is malformed.
	PassiveInvalid PassiveStatus = "invalid"
	// PassiveUnknownCSCA: the data and the SOD agree, but no trusted CSCA issued the
	// document signer (or no trust store was given).
	PassiveUnknownCSCA PassiveStatus = "unknown-csca"
	// PassiveNotChecked: passive authentication could not run: no EF.SOD was read,
	// it uses an algorithm this package does not implement, or a configured CRL of
	// the CSCA does not verify.
	PassiveNotChecked PassiveStatus = "not-checked"
)

// PassiveResult is what passive authentication found (ICAO 9303-11 §5.1).
type PassiveResult struct {
	Status         PassiveStatus `json:"status"`
	Reasons        []string      `json:"reasons,omitempty"`
	DocumentSigner string        `json:"documentSigner,omitempty"` // DS subject
	CSCA           string        `json:"csca,omitempty"`           // CSCA subject
	HashAlgorithm  string        `json:"hashAlgorithm,omitempty"`
	DataGroups     []int         `json:"dataGroupsVerified,omitempty"` // hash matched the SOD
	// Err joins the typed errors behind Reasons (errors.Is ErrHashMismatch, ...).
	Err error `json:"-"`
}

// passiveCheck collects failures; the worst one decides the status.
type passiveCheck struct {
	r       PassiveResult
	invalid bool
	unknown bool
	skipped bool // not checked
	errs    []error
}

func (p *passiveCheck) fail(err error) {
	switch {
	case errors.Is(err, ErrUnsupported), errors.Is(err, ErrBadCRL):
		p.skipped = true
	case errors.Is(err, ErrUnknownCSCA):
		p.unknown = true
	default:
		p.invalid = true
	}
	p.errs = append(p.errs, err)
	p.r.Reasons = append(p.r.Reasons, err.Error())
}

// VerifyPassive runs passive authentication (ICAO 9303-11 §5.1): sod is EF.SOD as
// read, dataGroups the data groups read (number → file bytes, tag included), trust
// the CSCAs (nil: none configured) and now the time to check validity against.
// It never returns PassiveValid unless every step passed.
func VerifyPassive(sod []byte, dataGroups map[int][]byte, trust *TrustStore, now time.Time) PassiveResult {
	var p passiveCheck
	if len(sod) == 0 {
		p.skipped = true
		p.r.Reasons = []string{"no EF.SOD was read"}
		return p.result()
	}
	s, err := ParseSOD(sod)
	if err != nil {
		p.fail(err)
		return p.result()
	}
	p.r.HashAlgorithm = HashName(s.HashAlgorithm)
	p.checkHashes(s, dataGroups)

	ds, err := s.DocumentSigner()
	if err != nil {
		p.fail(err)
		return p.result()
	}
	p.r.DocumentSigner = ds.Subject
	if err := s.sd.verify(ds); err != nil {
		p.fail(fmt.Errorf("SOD signature with the document signer key: %w", err))
	}
	if err := ds.validAt(now); err != nil {
		p.fail(fmt.Errorf("document signer: %w", err))
	}
	if !ds.can(usageDigitalSignature) {
		p.fail(fmt.Errorf("%w: document signer without digitalSignature", ErrKeyUsage))
	}
	p.checkChain(ds, trust, now)
	return p.result()
}

// checkHashes compares each data group read with the SOD (ICAO 9303-11 §5.1.2 step 3).
func (p *passiveCheck) checkHashes(s *SOD, dataGroups map[int][]byte) {
	numbers := make([]int, 0, len(dataGroups))
	for n := range dataGroups {
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)
	for _, n := range numbers {
		want, ok := s.Hashes[n]
		if !ok {
			p.fail(fmt.Errorf("DG%d: %w", n, ErrMissingHash))
			continue
		}
		h := s.HashAlgorithm.New()
		h.Write(dataGroups[n])
		if subtle.ConstantTimeCompare(h.Sum(nil), want) != 1 {
			p.fail(fmt.Errorf("DG%d: %w", n, ErrHashMismatch))
			continue
		}
		p.r.DataGroups = append(p.r.DataGroups, n)
	}
}

// checkChain finds the CSCA that signed ds and checks it (ICAO 9303-11 §5.1.1,
// 9303-12 §7.1.1: a CSCA is a CA with keyCertSign).
func (p *passiveCheck) checkChain(ds *Certificate, trust *TrustStore, now time.Time) {
	if trust.Len() == 0 {
		p.fail(fmt.Errorf("%w: no trust store configured", ErrUnknownCSCA))
		return
	}
	csca, err := findIssuer(ds, trust.cscas)
	if err != nil {
		p.fail(fmt.Errorf("document signer certificate: %w", err))
		return
	}
	p.r.CSCA = csca.Subject
	if err := csca.validAt(now); err != nil {
		p.fail(fmt.Errorf("CSCA: %w", err))
	}
	if !csca.can(usageKeyCertSign) || (csca.hasKeyUsage && !csca.isCA) {
		p.fail(fmt.Errorf("%w: CSCA without keyCertSign or CA", ErrKeyUsage))
	}
	if err := trust.checkRevoked(ds, csca); err != nil {
		p.fail(err)
	}
}

func (p *passiveCheck) result() PassiveResult {
	switch {
	case p.invalid:
		p.r.Status = PassiveInvalid
	case p.skipped:
		p.r.Status = PassiveNotChecked
	case p.unknown:
		p.r.Status = PassiveUnknownCSCA
	default:
		p.r.Status = PassiveValid
	}
	p.r.Err = errors.Join(p.errs...)
	return p.r
}
