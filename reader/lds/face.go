package lds

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
)

// ImageFormat is the image data type of an ISO/IEC 19794-5 facial record (§5.7.2).
type ImageFormat byte

// Image data types of ISO/IEC 19794-5:2005 §5.7.2.
const (
	JPEG     ImageFormat = 0
	JPEG2000 ImageFormat = 1
)

func (f ImageFormat) String() string {
	switch f {
	case JPEG:
		return "JPEG"
	case JPEG2000:
		return "JPEG 2000"
	}
	return fmt.Sprintf("image type %d", byte(f))
}

// MaxImagePixels bounds the width × height that Face.Decode accepts. A facial image in
// an eMRTD is about 480 × 640; the bound stops a hostile card from making the reader
// allocate gigabytes.
const MaxImagePixels = 4096 * 4096

// Face is the first facial image of DG2 with the header fields a reader shows.
// It holds personal data: never log it.
type Face struct {
	Format        ImageFormat // the declared image data type
	Width, Height int         // as declared in the image information block
	Data          []byte      // the encoded image (JPEG or JPEG 2000, J2K codestream or JP2 file)
	ImageType     byte        // face image type: 0 basic, 1 full frontal, 2 token frontal
	ColourSpace   byte        // 0 unspecified, 1 RGB24, 2 YUV422, 3 greyscale, 4 other
	SourceType    byte        // 0 unspecified, 1 static photo, 2 ... camera types
	FeaturePoints int         // the number of feature points in the record
	Faces         int         // the number of facial images the record announced
}

// Signatures that identify the encoding of image bytes whatever the record declares:
// issuers have been seen to label JPEG 2000 as JPEG and the other way round.
var (
	jpegSOI      = []byte{0xFF, 0xD8, 0xFF}
	j2kSOC       = []byte{0xFF, 0x4F, 0xFF, 0x51}                                             // ISO/IEC 15444-1 Annex A: SOC then SIZ
	jp2Signature = []byte{0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A} // ISO/IEC 15444-1 Annex I
)

// Decode decodes the image: JPEG with image/jpeg, JPEG 2000 with OpenJPEG. The bytes
// decide the decoder when they carry a known signature, else the declared format does.
// Failures are *ImageError; an unknown format wraps ErrImageFormat.
func (f *Face) Decode() (image.Image, error) {
	format := f.Format
	switch {
	case bytes.HasPrefix(f.Data, jpegSOI):
		format = JPEG
	case bytes.HasPrefix(f.Data, j2kSOC), bytes.HasPrefix(f.Data, jp2Signature):
		format = JPEG2000
	}
	var img image.Image
	var err error
	switch format {
	case JPEG:
		img, err = decodeJPEG(f.Data)
	case JPEG2000:
		img, err = decodeJPEG2000(f.Data)
	default:
		err = ErrImageFormat
	}
	if err != nil {
		return nil, &ImageError{Format: format, Err: err}
	}
	return img, nil
}

func decodeJPEG(data []byte) (image.Image, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	return jpeg.Decode(bytes.NewReader(data))
}

func checkSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return errors.New("empty image")
	}
	if w > MaxImagePixels/h {
		return fmt.Errorf("%w: %d × %d", ErrImageTooLarge, w, h)
	}
	return nil
}
