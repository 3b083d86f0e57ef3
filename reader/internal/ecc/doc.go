// Package ecc is the elliptic-curve arithmetic that the reader's ICAO 9303
// protocols share: PACE (reader/icao) and chip, active and passive authentication
// (reader/auth). It carries short Weierstrass curves with any a, which
// crypto/elliptic does not (brainpool curves, NIST P-192, explicit domain
// parameters from a certificate), the named curves by OID and by ICAO 9303-11
// parameter id, point encoding with on-curve checks, scalar multiplication, ECDH
// and ECDSA verification.
//
// The arithmetic is over math/big in Jacobian coordinates and is not constant time.
// That is acceptable here: the only secret scalars are ephemeral PACE and chip
// authentication keys that live for one session on a kiosk the citizen stands in
// front of; the other inputs (signatures, public keys) are public. Where
// crypto/ecdsa or crypto/ecdh carries a curve, callers prefer it (Curve.Std).
package ecc
