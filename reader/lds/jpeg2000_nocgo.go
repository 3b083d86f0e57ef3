//go:build !cgo

package lds

import (
	"errors"
	"image"
)

// decodeJPEG2000 needs OpenJPEG through cgo; this build has none.
func decodeJPEG2000([]byte) (image.Image, error) {
	return nil, errors.New("JPEG 2000 needs a build with cgo and libopenjp2")
}
