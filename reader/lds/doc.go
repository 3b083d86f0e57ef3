// Package lds reads and writes the files of the Logical Data Structure of an eMRTD
// (ICAO Doc 9303 Part 10): EF.COM, DG1 (the MRZ), DG2 (the facial image as an ISO/IEC
// 19794-5 record), DG11 (additional personal details) and the raw EF.SOD, plus the file
// identifiers and short file identifiers used to select them.
//
// Every parser treats its input as untrusted (it comes from the card): malformed input
// yields an error wrapping ErrMalformed, never a panic. The encoders exist for the
// virtual chip and for tests.
package lds
