package ecc

import "errors"

// ErrInvalidPoint is returned when an encoded point is not an uncompressed point of
// the curve, or when a key agreement yields the point at infinity. Callers wrap it
// with their own protocol error.
var ErrInvalidPoint = errors.New("invalid elliptic-curve point")
