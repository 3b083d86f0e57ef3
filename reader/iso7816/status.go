package iso7816

import (
	"errors"
	"fmt"
)

// StatusError is a status word other than 9000 that ended a command. Command names the
// command (Exchange uses InsName: "SELECT", "READ BINARY"); callers may put their own
// step there.
type StatusError struct {
	SW      uint16
	Command string
}

// Error reads like "iso7816: SELECT: 6A82 file or application not found".
func (e *StatusError) Error() string {
	return fmt.Sprintf("iso7816: %s: %04X %s", e.Command, e.SW, StatusText(e.SW))
}

// IsStatus reports whether err is, or wraps, a *StatusError with status word sw.
func IsStatus(err error, sw uint16) bool {
	var se *StatusError
	return errors.As(err, &se) && se.SW == sw
}

// statusText holds the meanings of exact status words (ISO/IEC 7816-4, status
// bytes), worded for a log reader.
var statusText = map[uint16]string{
	0x9000: "success",
	0x6200: "warning: state of non-volatile memory unchanged",
	0x6281: "warning: part of the returned data may be corrupted",
	0x6282: "warning: end of file reached before reading Ne bytes",
	0x6283: "warning: selected file deactivated",
	0x6300: "warning: verification or authentication failed",
	0x6381: "warning: file filled up by the last write",
	0x6400: "execution error: state of non-volatile memory unchanged",
	0x6581: "memory failure",
	0x6700: "wrong length",
	0x6881: "logical channel not supported",
	0x6882: "secure messaging not supported",
	0x6883: "last command of the chain expected",
	0x6884: "command chaining not supported",
	0x6981: "command incompatible with file structure",
	0x6982: "security status not satisfied",
	0x6983: "authentication method blocked",
	0x6984: "reference data not usable",
	0x6985: "conditions of use not satisfied",
	0x6986: "command not allowed (no current EF)",
	0x6987: "expected secure messaging data objects missing",
	0x6988: "incorrect secure messaging data objects",
	0x6A80: "incorrect parameters in the command data field",
	0x6A81: "function not supported",
	0x6A82: "file or application not found",
	0x6A83: "record not found",
	0x6A84: "not enough memory space in the file",
	0x6A86: "incorrect parameters P1-P2",
	0x6A87: "Nc inconsistent with parameters P1-P2",
	0x6A88: "referenced data not found",
	0x6B00: "wrong parameters P1-P2 (offset outside the file)",
	0x6D00: "instruction code not supported or invalid",
	0x6E00: "class not supported",
	0x6F00: "no precise diagnosis",
}

// StatusText describes a status word in words, including the families whose second
// byte is a number (61xx, 6Cxx, 63Cx).
func StatusText(sw uint16) string {
	if s, ok := statusText[sw]; ok {
		return s
	}
	sw1, sw2 := byte(sw>>8), byte(sw)
	switch {
	case sw1 == 0x61:
		return fmt.Sprintf("%d more response bytes available", ne(sw2))
	case sw1 == 0x6C:
		return fmt.Sprintf("wrong Le: %d bytes available", ne(sw2))
	case sw1 == 0x63 && sw2&0xF0 == 0xC0:
		return fmt.Sprintf("verification failed, %d tries left", sw2&0x0F)
	case sw1 == 0x62 || sw1 == 0x63:
		return "warning"
	case sw1 == 0x64 || sw1 == 0x65 || sw1 == 0x66:
		return "execution error"
	case sw1 >= 0x67 && sw1 <= 0x6F:
		return "checking error"
	case sw1 >= 0x90 && sw1 <= 0x9F:
		return "application-specific status"
	}
	return "unknown status"
}

// ne turns a one-byte length from SW2 or Le into a count: 00 means 256.
func ne(b byte) int {
	if b == 0 {
		return 256
	}
	return int(b)
}

// InsName names common instruction bytes (ISO/IEC 7816-4 and ICAO
// 9303-11), for messages and logs; others read as "INS xx".
func InsName(ins byte) string {
	switch ins {
	case 0xA4:
		return "SELECT"
	case 0xB0, 0xB1:
		return "READ BINARY"
	case 0xC0:
		return "GET RESPONSE"
	case 0x84:
		return "GET CHALLENGE"
	case 0x82:
		return "EXTERNAL AUTHENTICATE"
	case 0x88:
		return "INTERNAL AUTHENTICATE"
	case 0x86, 0x87:
		return "GENERAL AUTHENTICATE"
	case 0x22:
		return "MANAGE SECURITY ENVIRONMENT"
	case 0x2A:
		return "PERFORM SECURITY OPERATION"
	case 0xCA, 0xCB:
		return "GET DATA"
	case 0x20:
		return "VERIFY"
	case 0xB2, 0xB3:
		return "READ RECORD"
	case 0xD6, 0xD7:
		return "UPDATE BINARY"
	}
	return fmt.Sprintf("INS %02X", ins)
}
