package icao

import (
	"crypto/sha1" //nolint:gosec // ICAO 9303-11 §9.7.2 and §9.7.3 prescribe SHA-1.
	"fmt"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
)

// Password kinds, the references of DO'83' in MSE:Set AT (ICAO 9303-11 §9.7.3,
// BSI TR-03110-3 Table D.1).
const (
	PasswordMRZ byte = 1
	PasswordCAN byte = 2
)

// Password is the shared secret of PACE. For an MRZ password Key is
// SHA-1(MRZ information), the same 20 bytes whose first 16 are the BAC key seed;
// for a CAN it is the digits as ASCII (ICAO 9303-11 §9.7.3). Kπ = KDF(Key, 3).
type Password struct {
	Kind byte
	Key  []byte
}

// MRZPassword makes the PACE password of a document from its MRZ fields.
func MRZPassword(docNumber, birth, expiry string) (Password, error) {
	info, err := mrzInformation(docNumber, birth, expiry)
	if err != nil {
		return Password{}, err
	}
	sum := sha1.Sum([]byte(info)) //nolint:gosec // see import
	return Password{Kind: PasswordMRZ, Key: sum[:]}, nil
}

// CANPassword makes the PACE password of a card access number.
func CANPassword(can string) Password {
	return Password{Kind: PasswordCAN, Key: []byte(can)}
}

// BACKeySeed is Kseed of ICAO 9303-11 §9.7.2: the first 16 bytes of SHA-1 over the
// document number (padded with '<' to at least 9 characters), date of birth and date
// of expiry (YYMMDD), each followed by its check digit, which is computed here.
func BACKeySeed(docNumber, birth, expiry string) ([]byte, error) {
	info, err := mrzInformation(docNumber, birth, expiry)
	if err != nil {
		return nil, err
	}
	sum := sha1.Sum([]byte(info)) //nolint:gosec // see import
	return sum[:16], nil
}

// mrzInformation is the "MRZ information" of ICAO 9303-11 §9.7.2 (Appendix D.2:
// "L898902C<369080619406236"). Field values are not echoed in errors: they are
// personal data.
func mrzInformation(docNumber, birth, expiry string) (string, error) {
	doc := strings.ToUpper(strings.TrimSpace(docNumber))
	if doc == "" || !isMRZChars(doc) {
		return "", fmt.Errorf("BAC key: document number of %d characters is not MRZ characters: %w",
			len(doc), ErrPassword)
	}
	for len(doc) < 9 {
		doc += "<"
	}
	for _, f := range []struct{ name, v string }{{"date of birth", birth}, {"date of expiry", expiry}} {
		if len(f.v) != 6 || strings.Trim(f.v, "0123456789") != "" {
			return "", fmt.Errorf("BAC key: %s is not YYMMDD: %w", f.name, ErrPassword)
		}
	}
	var b strings.Builder
	for _, f := range []string{doc, birth, expiry} {
		cd, err := mrz.CheckDigit(f) // cannot fail: every field was checked above
		if err != nil {
			return "", fmt.Errorf("BAC key: %w: %w", err, ErrPassword)
		}
		b.WriteString(f)
		b.WriteByte(cd)
	}
	return b.String(), nil
}

func isMRZChars(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '<') {
			return false
		}
	}
	return true
}
