package booking

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ScanPrefix is the marker that starts the QR code on a booking confirmation.
const ScanPrefix = "BSK1:"

// maxScanLength bounds what ParseScan looks at: a confirmation's QR code is well under
// 200 characters, and a scanner left on a stuck key must not cost unbounded work.
const maxScanLength = 1024

// ParseScan returns the booking code in what a barcode or QR scanner delivered from a
// booking confirmation. The payload is, in ABNF (RFC 5234; literals case-insensitive):
//
//	scan     = *noise [aim] (barcode / qr / url) *noise
//	noise    = whitespace / control character        ; CR, LF, TAB, STX, ETX, GS ...
//	aim      = "]" ALPHA (ALPHA / DIGIT)             ; ISO/IEC 15424 symbology identifier, e.g. "]C0", "]Q1"
//	barcode  = [punct] code [punct]                  ; Code 128 carrying the 8 digits
//	qr       = prefix "BSK1" colon code [sep *OCTET] ; e.g. "BSK1:57240413;v=1;c=0301"
//	url      = prefix scheme "://" *OCTET ("/c/" / "/C/") code [punct]
//	code     = 8DIGIT                                ; see ParseBookingCode
//	prefix   = *OCTET                                ; a scanner's configured prefix, ignored
//	punct    = 1*(any character that is neither letter nor digit)
//	colon    = ":" / "Æ" / "æ"
//	sep      = ";" / "æ" / "Æ"
//
// The ";key=value" fields after a QR code's booking code are for later versions and are
// ignored, as is anything a scanner adds before the marker or after the fields. "Æ" stands
// for ":" and "æ" for ";" because a keyboard-wedge scanner set to a US layout, plugged into a
// kiosk with a Danish layout, types those keys' Danish characters. Letters after the code,
// more or fewer than 8 digits (a truncated QR code), or anything else give an error wrapping
// ErrBadScan; 8 digits with a wrong check digit give ErrInvalidCode.
func ParseScan(s string) (string, error) {
	if len(s) > maxScanLength {
		return "", fmt.Errorf("scan: %d bytes, longer than any confirmation: %w", len(s), ErrBadScan)
	}
	s = strings.TrimFunc(s, isScanNoise)
	s = trimAIM(s)
	if s == "" {
		return "", fmt.Errorf("scan: empty: %w", ErrBadScan)
	}
	if i := indexMarker(s); i >= 0 {
		return scanQR(s[i:])
	}
	if i := strings.Index(s, "://"); i >= 0 {
		return scanURL(s[i:])
	}
	return scanBarcode(s)
}

// scanQR parses what follows the "BSK1" marker and its colon.
func scanQR(rest string) (string, error) {
	code, tail := leadingDigits(rest)
	if len(code) != CodeLength {
		return "", fmt.Errorf("scan: QR code holds %d digits, want %d (truncated?): %w", len(code), CodeLength, ErrBadScan)
	}
	if tail != "" {
		r, _ := utf8.DecodeRuneInString(tail)
		if r != ';' && r != 'æ' && r != 'Æ' && !onlyPunct(tail) {
			return "", fmt.Errorf("scan: unexpected %s after the booking code: %w", runeClass(r), ErrBadScan)
		}
	}
	return checkScannedCode(code)
}

// scanURL parses a URL from "://" on; its last path segment must be the code after "/c/".
func scanURL(u string) (string, error) {
	// Byte-wise, not through strings.ToLower: lowering can change the length of
	// invalid UTF-8 and so shift the index (a fuzzer found that).
	i := max(strings.LastIndex(u, "/c/"), strings.LastIndex(u, "/C/"))
	if i < 0 {
		return "", fmt.Errorf("scan: URL is not a booking link: %w", ErrBadScan)
	}
	code, tail := leadingDigits(u[i+len("/c/"):])
	if len(code) != CodeLength || !onlyPunct(tail) {
		return "", fmt.Errorf("scan: booking link does not end in %d digits: %w", CodeLength, ErrBadScan)
	}
	return checkScannedCode(code)
}

// scanBarcode parses a bare code, allowing punctuation a scanner may wrap it in.
func scanBarcode(s string) (string, error) {
	s = strings.TrimFunc(s, isPunct)
	if len(s) != CodeLength || !allDigits(s) {
		return "", fmt.Errorf("scan: not a booking barcode: %w", ErrBadScan)
	}
	return checkScannedCode(s)
}

// checkScannedCode validates 8 scanned digits. Code 128 and QR carry their own error
// detection, so a wrong check digit here means a wrongly printed code, not a misread.
func checkScannedCode(code string) (string, error) {
	if damm(code) != 0 {
		return "", fmt.Errorf("scan: check digit does not match: %w", ErrInvalidCode)
	}
	return code, nil
}

// indexMarker returns the index just after the first "BSK1" (any case) followed by ":",
// "Æ" or "æ", or -1. Input is at most maxScanLength bytes, so the plain scan is cheap.
func indexMarker(s string) int {
	const m = "BSK1"
	for i := 0; i+len(m) < len(s); i++ {
		if !strings.EqualFold(s[i:i+len(m)], m) {
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i+len(m):])
		if r == ':' || r == 'Æ' || r == 'æ' {
			return i + len(m) + n
		}
	}
	return -1
}

// trimAIM drops an ISO/IEC 15424 symbology identifier ("]" + letter + letter or digit)
// that scanners may be set to send first.
func trimAIM(s string) string {
	if len(s) >= 3 && s[0] == ']' && isASCIILetter(s[1]) && (isASCIILetter(s[2]) || (s[2] >= '0' && s[2] <= '9')) {
		return s[3:]
	}
	return s
}

func leadingDigits(s string) (digits, rest string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i], s[i:]
}

func isScanNoise(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

func isPunct(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func onlyPunct(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !isPunct(r) }) < 0
}

func isASCIILetter(b byte) bool { return (b|0x20) >= 'a' && (b|0x20) <= 'z' }
