package auth

import (
	"encoding/asn1"
	"fmt"
	"math/big"

	"github.com/citizenkiosk/citizenkiosk/reader/internal/ecc"
)

// Curve is a short Weierstrass curve y² = x³ + ax + b over GF(p) with any a, unlike
// crypto/elliptic, so that brainpool curves and explicit domain parameters work
// (BSI TR-03111 §2.3.1). Its arithmetic is reader/internal/ecc, which PACE uses too.
type Curve = ecc.Curve

// CurveByOID returns the named curve with the given OID (ICAO 9303-11 §9.5.1,
// RFC 5639), or nil.
func CurveByOID(oid asn1.ObjectIdentifier) *Curve { return ecc.ByOID(oid) }

// decodePoint parses an uncompressed point of c; a point that is not on the curve
// is ErrMalformed.
func decodePoint(c *Curve, b []byte) (x, y *big.Int, err error) {
	p, err := c.Decode(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return p.X, p.Y, nil
}

// encodePoint is the uncompressed encoding 04 ‖ x ‖ y (BSI TR-03111 §3.2.1).
func encodePoint(c *Curve, x, y *big.Int) []byte { return c.Encode(ecc.Point{X: x, Y: y}) }
