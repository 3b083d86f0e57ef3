package auth

import (
	"errors"
	"fmt"
)

// ErrMalformed is wrapped by every error about bytes that are not the DER structure
// the standard prescribes: a truncated or trailing-garbage SOD, certificate, CRL,
// master list, DG14 or DG15, an EC point off its curve, a size over the limits.
var ErrMalformed = errors.New("auth: malformed data")

// ErrUnsupported means a well-formed structure names an algorithm, curve or
// protocol this package does not implement (for example DSA, a binary-field curve,
// or RSASSA-PSS whose mask hash differs from its message hash).
var ErrUnsupported = errors.New("auth: algorithm not supported")

// ErrHashMismatch means a data group read from the chip does not hash to the value
// the SOD holds for it: the data were changed after the issuer signed them.
var ErrHashMismatch = errors.New("auth: data group hash does not match the SOD")

// ErrMissingHash means a data group was read that the SOD holds no hash for.
var ErrMissingHash = errors.New("auth: data group has no hash in the SOD")

// ErrSignature means a signature does not verify: the SOD's under the document
// signer key, a certificate's under its issuer's key, or a master list's.
var ErrSignature = errors.New("auth: signature does not verify")

// ErrNoSigner means the SOD carries no document signer certificate matching its
// signer info (ICAO 9303-10 §4.6.2.2 requires it to be included).
var ErrNoSigner = errors.New("auth: document signer certificate not found in the SOD")

// ErrUnknownCSCA means no certificate of the trust store issued the document
// signer certificate, or no trust store was configured.
var ErrUnknownCSCA = errors.New("auth: the issuing CSCA is not in the trust store")

// ErrExpired means a certificate of the chain is outside its validity period.
var ErrExpired = errors.New("auth: certificate outside its validity period")

// ErrKeyUsage means a certificate lacks the key usage its place in the chain needs:
// digitalSignature for a document signer, keyCertSign and CA for a CSCA
// (ICAO 9303-12 §7.1.1 Table 6).
var ErrKeyUsage = errors.New("auth: certificate key usage does not allow this use")

// ErrRevoked means a configured CRL lists the document signer certificate.
var ErrRevoked = errors.New("auth: certificate revoked")

// ErrBadCRL means a configured CRL of the document's CSCA does not verify with the
// CSCA's key: the trust store is wrong, so revocation could not be checked.
var ErrBadCRL = errors.New("auth: CRL does not verify with its CSCA")

// ErrChallenge means active authentication's signature over the challenge does not
// verify with the DG15 key: the chip does not hold the key its data say it has.
var ErrChallenge = errors.New("auth: active authentication signature does not verify")

// ErrCardAccessMismatch means EF.CardAccess, which nobody signs, offers PACE other
// than the PACEInfos DG14 signs: the file was altered or PACE hidden (CheckCardAccess).
var ErrCardAccessMismatch = errors.New("auth: EF.CardAccess does not match the PACEInfos DG14 signs")

// ErrNoTrust means a trust path held no certificate that could be used.
var ErrNoTrust = errors.New("auth: no CSCA certificate found")

// CardError reports a status word other than 9000 during active or chip
// authentication.
type CardError struct {
	Step string // "INTERNAL AUTHENTICATE", "MSE:Set KAT", ...
	SW   uint16
}

func (e *CardError) Error() string {
	return fmt.Sprintf("auth: %s: card answered status %04X", e.Step, e.SW)
}

// malformed wraps ErrMalformed with what was wrong.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// unsupported wraps ErrUnsupported with what was not supported.
func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}
