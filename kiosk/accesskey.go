package kiosk

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
)

// mrzComplete reports whether text holds a whole MRZ followed by Enter, as a document
// scanner that types like a keyboard sends it: two lines of 44 or 36 characters, or three
// of 30, each ended by Enter. The scanner's last Enter is what starts the read.
func mrzComplete(text string) bool {
	if !strings.HasSuffix(text, "\n") {
		return false
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	switch len(lines) {
	case 2:
		n := len(lines[0])
		return (n == 44 || n == 36) && len(lines[1]) == n
	case 3:
		return len(lines[0]) == 30 && len(lines[1]) == 30 && len(lines[2]) == 30
	}
	return false
}

// keyFromFields makes the access key from a document number, birth date and expiry date
// typed by hand. Each field that is wrong gets its own sentence.
func keyFromFields(number, birth, expiry string) (reader.AccessKey, []string) {
	var problems []string
	number = strings.ToUpper(strings.TrimSpace(number))
	if err := checkDocumentNumber(number); err != nil {
		problems = append(problems, lang.L("Document number: 1 to 9 letters and digits, as in the MRZ."))
	}
	birth, expiry = strings.TrimSpace(birth), strings.TrimSpace(expiry)
	if err := checkMRZDate(birth); err != nil {
		problems = append(problems, lang.L("Birth date: 6 digits, year month day (YYMMDD), a date that exists."))
	}
	if err := checkMRZDate(expiry); err != nil {
		problems = append(problems, lang.L("Expiry date: 6 digits, year month day (YYMMDD), a date that exists."))
	}
	if len(problems) > 0 {
		return reader.AccessKey{}, problems
	}
	return reader.AccessKey{DocumentNumber: number, BirthDate: birth, ExpiryDate: expiry}, nil
}

func checkDocumentNumber(s string) error {
	if s == "" || len(s) > 9 {
		return ErrBadDocumentNumber
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '<' {
			return ErrBadDocumentNumber
		}
	}
	return nil
}

// checkMRZDate accepts YYMMDD naming a day that exists in some century. 29 February
// passes for every YY, as 2000 had one; the chip, not the kiosk, decides whether the key
// opens it.
func checkMRZDate(s string) error {
	if len(s) != 6 {
		return ErrBadMRZDate
	}
	for i := 0; i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return ErrBadMRZDate
		}
	}
	mm, dd := int(s[2]-'0')*10+int(s[3]-'0'), int(s[4]-'0')*10+int(s[5]-'0')
	t := time.Date(2000, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if mm < 1 || mm > 12 || int(t.Month()) != mm || t.Day() != dd {
		return ErrBadMRZDate
	}
	return nil
}

// keyFromMRZText makes the access key from a scanned or typed MRZ; what is wrong is said
// field by field, never echoing the field's value.
func keyFromMRZText(text string) (reader.AccessKey, []string) {
	key, err := reader.KeyFromMRZ(text)
	if err == nil {
		return key, nil
	}
	var inv *mrz.InvalidError
	if !errors.As(err, &inv) {
		return reader.AccessKey{}, []string{lang.L("That is not an MRZ: scan it again, or type its two or three lines.")}
	}
	var problems []string
	for _, fe := range inv.Errors {
		problems = append(problems, lang.L("MRZ: the {{.Field}} does not match its check digit. Scan again, or correct it.",
			map[string]any{"Field": mrzFieldName(fe.Field)}))
	}
	return reader.AccessKey{}, problems
}

// mrzFieldName names an MRZ field for staff.
func mrzFieldName(field string) string {
	switch field {
	case "documentNumber":
		return lang.L("document number")
	case "birthDate":
		return lang.L("birth date")
	case "expiryDate":
		return lang.L("expiry date")
	case "composite":
		return lang.L("last check digit")
	}
	return lang.L("field {{.Name}}", map[string]any{"Name": field})
}

// keyFromCAN makes the access key from the 6-digit card access number.
func keyFromCAN(can string) (reader.AccessKey, []string) {
	key, err := reader.KeyFromCAN(strings.TrimSpace(can))
	if err != nil {
		return reader.AccessKey{}, []string{lang.L("CAN: the 6 digits printed on the front of the card.")}
	}
	return key, nil
}
