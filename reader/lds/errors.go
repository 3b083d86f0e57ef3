package lds

import (
	"errors"
	"fmt"
)

// ErrMalformed is wrapped by every error about bytes that do not have the structure
// ICAO 9303-10 prescribes: a truncated or over-long BER-TLV, an unexpected tag, a
// missing mandatory element, or an ISO/IEC 19794-5 record whose lengths disagree.
var ErrMalformed = errors.New("lds: malformed data")

// ErrNoFace is returned by ParseDG2 when DG2 is well formed but holds no facial image.
var ErrNoFace = errors.New("lds: DG2 holds no facial image")

// ErrImageFormat is returned when an ISO/IEC 19794-5 image data type is neither
// JPEG (0) nor JPEG 2000 (1), so the image cannot be decoded.
var ErrImageFormat = errors.New("lds: unsupported facial image data type")

// ErrImageTooLarge is returned by Face.Decode when the image header announces more
// pixels than MaxImagePixels; a card could otherwise make the reader allocate gigabytes.
var ErrImageTooLarge = errors.New("lds: facial image too large")

// ImageError is returned by Face.Decode when the image bytes cannot be decoded.
type ImageError struct {
	Format ImageFormat // the format the record declared
	Err    error       // the decoder's error
}

func (e *ImageError) Error() string {
	return fmt.Sprintf("lds: decode %s facial image: %v", e.Format, e.Err)
}

func (e *ImageError) Unwrap() error { return e.Err }

// malformed wraps ErrMalformed with what was wrong.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}
