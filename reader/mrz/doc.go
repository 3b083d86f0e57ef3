// Package mrz reads and writes the machine readable zone (MRZ) of identity documents as
// ICAO Doc 9303 defines it: TD1 cards (3 lines of 30 characters, Part 5), TD2 cards
// (2 lines of 36, Part 6) and TD3 passports (2 lines of 44, Part 4), with the check
// digits of Part 3 §4.9.
//
// The MRZ is outside input: it comes from a scanner, from a person typing, or from a
// chip's DG1. [Parse] therefore never panics, tolerates the noise scanners add (CR/LF,
// blank lines, surrounding spaces, lower case) and reports every field that is wrong at
// once, so that a clerk can see which part of a typed MRZ to correct. [Compose] is the
// inverse; the virtual chip and the tests build their documents with it.
//
// The values in an [MRZ] are personal data. Error messages in this package never
// contain them, so that errors may be logged.
package mrz
