// Package auth answers "is this document genuine?" for an ICAO 9303 eMRTD that the
// reader package has read.
//
//   - Passive authentication (ICAO 9303-11 §5.1): EF.SOD is parsed as CMS SignedData
//     (RFC 5652) holding the LDS security object (ICAO 9303-10 §4.6.2); every data
//     group read is hashed and compared; the SOD signature is verified with the
//     document signer (DS) certificate; the chain DS → CSCA is built against a
//     TrustStore loaded from an ICAO CSCA master list (ICAO 9303-12 §9) or from PEM or
//     DER certificates, with validity periods, key usage and, when given, CRLs.
//   - Active authentication (ICAO 9303-11 §6.1): INTERNAL AUTHENTICATE over a fresh
//     8-byte challenge, verified with the DG15 key: RSA with ISO/IEC 9796-2 digital
//     signature scheme 1, or ECDSA in the plain format of BSI TR-03111 §5.2.1.
//   - Chip authentication (ICAO 9303-11 §6.2, BSI TR-03110-1 §3.4): ECDH or DH with
//     the DG14 key, MSE:Set KAT (3DES) or MSE:Set AT and GENERAL AUTHENTICATE (AES),
//     and new secure-messaging keys with SSC 0. PACE-CAM is not implemented.
//
// The chip's side of active and chip authentication (ActiveAuthCard, ChipAuthCard,
// EncodeDG14, EncodeDG15) is here too, for the virtual chip; authtest makes the
// test PKI that signs its EF.SOD.
//
// Verdict gathers the three answers into one that staff can act on; the kiosk and
// `citizenkiosk read-id` both show it.
//
// Why no CMS library: github.com/smallstep/pkcs7 and go.mozilla.org/pkcs7 take the
// signer's key from crypto/x509, which refuses the keys many states use for their
// document signers (ECDSA on brainpool curves, often with explicit domain
// parameters, ICAO 9303-12 §7.1.2 / BSI TR-03111), and neither verifies RSASSA-PSS
// signer infos. The structures ICAO uses are few and fixed (RFC 5652 §5, ICAO
// 9303-10 §4.6.2, 9303-12 §9), so they are parsed here with encoding/asn1, under
// size limits, and every signature is verified by code that knows those keys:
// crypto/rsa for RSA, crypto/ecdsa for the NIST curves, and reader/internal/ecc
// (Jacobian arithmetic over math/big, shared with PACE, not constant time: here it
// only ever handles public keys, except the terminal's ephemeral chip
// authentication key) for the others.
//
// Nothing here panics on bad input or logs document data; malformed input gives a
// typed error (errors.go) and never a valid verdict.
package auth
