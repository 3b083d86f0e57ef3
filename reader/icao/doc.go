// Package icao implements the access-control and secure-messaging protocols of
// ICAO Doc 9303 Part 11 ("Security Mechanisms for MRTDs"), on both sides of the
// contactless interface:
//
//   - key derivation (§9.7.1) and the BAC key seed from the MRZ (§9.7.2, Appendix D),
//   - Basic Access Control (§4.3) for the terminal (BAC) and the chip (BACCard),
//   - PACE with the generic or the integrated mapping over ECDH or DH (§4.4,
//     Appendices G and H) for the terminal (PACE) and the chip (PACECard), with
//     the PACEInfo of EF.CardAccess (§9.2),
//   - secure messaging (§9.8) with 3DES (retail MAC, ISO/IEC 9797-1 algorithm 3)
//     and AES (CMAC, NIST SP 800-38B), wrapping commands and responses in both
//     directions, and a Channel that wraps every APDU sent through it.
//
// The terminal side is what the kiosk runs against a real passport; the chip side
// is what the project's virtual chip runs, so that both are tested against each
// other and against the worked examples of the standard.
//
// The elliptic-curve arithmetic (NIST P-192 to P-521, brainpoolP192r1 to
// P512r1; reader/internal/ecc, shared with reader/auth) and the MODP arithmetic
// (the RFC 5114 groups) are written over math/big and are not constant time. That is acceptable here: the only secret exponents
// are ephemeral PACE keys that live for a single session on a kiosk the citizen
// stands in front of, and no long-term key is ever used. The chip authentication
// mapping (PACE-CAM, optional for terminals) is not implemented (ErrUnsupported).
// Nothing in this package logs keys, passwords or card data.
//
// A SecureMessaging value keeps a send sequence counter and is not safe for
// concurrent use; Channel serialises access to it.
package icao
