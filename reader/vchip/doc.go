// Package vchip is a virtual ICAO 9303 eMRTD chip: the passport or ID card that tests,
// benchmarks and the demo read instead of a real one.
//
// A Chip holds the files of a travel document (EF.CardAccess and EF.ATR/INFO in the
// master file; EF.COM, DG1, DG2, DG11, DG14, DG15 and EF.SOD in the eMRTD application),
// answers command APDUs like a contactless chip does (ISO/IEC 7816-4 SELECT and READ
// BINARY, ICAO 9303-11 BAC and PACE, then secure messaging on every command, active
// authentication and chip authentication), and can be driven in-process through
// Transmit or connected to a real PC/SC stack through the vsmartcard vpcd driver with
// ServeVPCD. Its EF.SOD is signed by a test PKI (reader/auth/authtest; Chip.PKI), so a
// reader that trusts that CSCA finds the chip genuine.
//
// Switches in Config make it a difficult chip: no extended length (said in EF.ATR/INFO,
// in the ATR, or nowhere), a small maximum Le, no short file identifiers, errors
// answered in plain under secure messaging, a card pulled away in the middle of a read,
// or responses whose MAC does not verify; Config.Tamper and Config.AlterCardAccess make
// it a forged one (data changed after signing, a SOD signed by the wrong key or by an
// expired document signer, a clone without the chip's private keys, an EF.CardAccess
// other than the one DG14 signs).
package vchip
