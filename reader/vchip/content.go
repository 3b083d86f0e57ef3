package vchip

import (
	"bytes"
	"fmt"
	"image/jpeg"

	"github.com/citizenkiosk/citizenkiosk/reader/lds"
	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
)

// maxFileSize is the largest file the chip holds: READ BINARY with even INS addresses
// offsets up to 7FFF (ISO/IEC 7816-4 §11.3.3), and the odd INS B1 that reads beyond is
// not implemented.
const maxFileSize = 0x8000

// buildFiles makes the files of the chip from cfg (ICAO 9303-10 §4: the LDS1 files of
// the eMRTD application, and EF.CardAccess in the master file when PACE is offered).
func buildFiles(cfg *Config, pace *paceSetup, gen *genuineness, dg14, dg15 []byte) (map[lds.File]*file, error) {
	mrzText, err := mrz.Compose(mrz.MRZ{
		Format: mrz.TD3, DocumentCode: "P", IssuingState: cfg.Nationality,
		DocumentNumber: cfg.DocumentNumber, BirthDate: cfg.BirthDate, ExpiryDate: cfg.ExpiryDate,
		Sex: cfg.Sex, Nationality: cfg.Nationality, Surname: cfg.Surname, GivenNames: cfg.GivenNames,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: MRZ: %w", ErrConfig, err)
	}
	dg2, err := encodePortrait(cfg.Photo)
	if err != nil {
		return nil, err
	}
	tags := []byte{0x61, 0x75, 0x6B}
	files := map[lds.File]*file{
		lds.DG1:  {data: lds.EncodeDG1(mrzText)},
		lds.DG2:  {data: dg2},
		lds.DG11: {data: lds.EncodeDG11(lds.AdditionalPersonalDetails{FullName: fullName(cfg)})},
	}
	if dg14 != nil {
		files[lds.DG14] = &file{data: dg14}
		tags = append(tags, lds.DG14.Tag())
	}
	if dg15 != nil {
		files[lds.DG15] = &file{data: dg15}
		tags = append(tags, lds.DG15.Tag())
	}
	sod, err := gen.signFiles(cfg, files)
	if err != nil {
		return nil, err
	}
	files[lds.COM] = &file{data: lds.EncodeCOM("0108", tags)}
	files[lds.SOD] = &file{data: sod}
	for id, f := range files {
		f.protected = true // ICAO 9303-11 §4.2: the application is readable only after BAC or PACE
		if len(f.data) > maxFileSize {
			return nil, fmt.Errorf("%w: %v of %d bytes is larger than %d, the most READ BINARY with even INS can address",
				ErrConfig, id, len(f.data), maxFileSize)
		}
	}
	if !cfg.NoATRInfo {
		files[lds.ATRInfo] = &file{data: atrInfo(cfg), inMF: true}
	}
	if pace != nil {
		ca, err := pace.cardAccess()
		if err != nil {
			return nil, err
		}
		files[lds.CardAccess] = &file{data: ca, inMF: true}
	}
	return files, nil
}

// atrInfo is EF.ATR/INFO announcing extended length (ISO/IEC 7816-4 §12.7.1, DO'7F66':
// the most bytes a command and a response APDU may carry, as DER INTEGERs), which a
// reader may read before access control instead of trying an extended APDU. A chip
// without extended length announces the short sizes, 261 and 256 bytes.
func atrInfo(cfg *Config) []byte {
	maxCommand, maxResponse := 65535, 65536
	if cfg.MaxLe > 0 {
		maxResponse = cfg.MaxLe
	}
	if cfg.NoExtended {
		maxCommand, maxResponse = 261, 256
	}
	integer := func(n int) []byte { // DER: three bytes keep 0..0xFFFFFF positive
		return []byte{0x02, 0x03, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	body := append(integer(maxCommand), integer(maxResponse)...)
	return append([]byte{0x7F, 0x66, byte(len(body))}, body...)
}

// encodePortrait returns DG2 holding photo, or the built-in portrait when photo is nil.
func encodePortrait(photo []byte) ([]byte, error) {
	if photo == nil {
		var err error
		if photo, err = builtinFace(); err != nil {
			return nil, err
		}
	}
	img, err := jpeg.DecodeConfig(bytes.NewReader(photo))
	if err != nil {
		return nil, fmt.Errorf("%w: photo is not a JPEG: %w", ErrConfig, err)
	}
	return lds.EncodeDG2(photo, lds.JPEG, img.Width, img.Height), nil
}

// fullName is DG11's name of holder in the MRZ convention: surname << given names.
func fullName(cfg *Config) string {
	name := mrz.Transliterate(cfg.Surname)
	if g := mrz.Transliterate(cfg.GivenNames); g != "" {
		name += "<<" + g
	}
	return name
}
