package mrz

import (
	"fmt"
	"strings"
)

// KeyInformation gives MRZ_information, the input from which BAC derives its key seed
// and PACE its MRZ password (ICAO 9303-11, BAC and PACE): the document number with
// fillers to 9 characters, its check digit, the birth date, its check digit, the
// expiry date and its check digit. A longer TD1 or TD2 number is used whole, with its
// own check digit (ICAO 9303-11 Appendix D.2). The result is personal data: never log it.
func (m MRZ) KeyInformation() (string, error) {
	num := upperASCII(m.DocumentNumber)
	if len(num) < 9 {
		num += strings.Repeat("<", 9-len(num))
	}
	var b strings.Builder
	for _, part := range []struct{ name, s string }{
		{"document number", num}, {"birth date", m.BirthDate}, {"expiry date", m.ExpiryDate},
	} {
		if part.name != "document number" && len(part.s) != 6 {
			return "", fmt.Errorf("key information: %s of %d characters: %w", part.name, len(part.s), ErrUnknownDate)
		}
		cd, err := CheckDigit(part.s)
		if err != nil {
			return "", fmt.Errorf("key information: %s: %w", part.name, err)
		}
		b.WriteString(part.s)
		b.WriteByte(cd)
	}
	return b.String(), nil
}
