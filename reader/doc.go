// Package reader reads identity documents: it finds a card through PC/SC, derives the
// access key from the MRZ or the CAN, opens a secure channel with PACE or BAC
// (ICAO 9303-11), reads the LDS files (DG1, DG2, DG11, DG14, DG15, EF.SOD), checks that
// the document is genuine (passive, active and chip authentication, Document.Authenticity)
// and reports progress. Sub-packages hold the parts: mrz, iso7816, icao, lds, auth, pcsc
// and the virtual chip vchip.
//
// Read is the engine and takes any iso7816.Transmitter (a pcsc.Card, the virtual
// chip, a test double); ReadFromReader adds finding the card through pcscd. Both
// return a *StepError naming the step that failed, so staff can see whether the key
// was wrong (ErrAccessDenied), the card left (ErrCardRemoved) or the card is bad
// (ErrBadCard). A Document holds personal data: show it, never log it.
package reader
