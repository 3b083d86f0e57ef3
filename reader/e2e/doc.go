// Package e2e holds the end-to-end tests and benchmarks of the reader: the virtual chip
// (reader/vchip) inserted into a real pcscd through the vsmartcard vpcd driver, read by
// the production code path (reader/pcsc and reader.Read), and the counter's identify
// flow on top of it (kiosk, a reference central server, a TCP printer). It has no code
// of its own.
//
// It is the only package whose tests start pcscd (internal/pcscdtest).
package e2e
