package lds

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// DG2 structure (ICAO 9303-10 §4.7.2, Table 36):
//
//	75 DG2
//	  7F61 biometric information group template
//	    02   number of instances
//	    7F60 biometric information template (one per instance)
//	      A1        biometric header template (CBEFF, ISO/IEC 7816-11)
//	      5F2E/7F2E biometric data block: an ISO/IEC 19794-5 facial record

// ISO/IEC 19794-5:2005 §5.4–5.7 facial record layout.
var (
	facFormatID = []byte("FAC\x00")
	facVersion  = []byte("010\x00")
)

const (
	facHeaderLen   = 14 // format id 4, version 4, record length 4, number of faces 2
	facInfoLen     = 20 // §5.5: block length 4, feature points 2, gender, eyes, hair, mask 3, expression 2, pose 3, uncertainty 3
	facFeatureLen  = 8  // §5.6: type, code, x 2, y 2, reserved 2
	facImageLen    = 12 // §5.7: face type, data type, width 2, height 2, colour space, source, device 2, quality 2
	biometricFace  = 0x02
	tagBioGroup    = 0x7F61
	tagBioTemplate = 0x7F60
)

// ParseDG2 parses DG2 and returns its first facial image without decoding it (call
// Face.Decode for that). Structural faults wrap ErrMalformed; a record with no face
// returns ErrNoFace.
func ParseDG2(b []byte) (*Face, error) {
	objs, err := parseFileObjects(b, 0x75, "DG2")
	if err != nil {
		return nil, err
	}
	group, ok := find(objs, tagBioGroup)
	if !ok {
		return nil, malformed("DG2: no biometric information group template (7F61)")
	}
	members, err := parseChildren(group)
	if err != nil {
		return nil, fmt.Errorf("DG2 7F61: %w", err)
	}
	for _, m := range members {
		if m.tag != tagBioTemplate {
			continue
		}
		parts, err := parseChildren(m.value)
		if err != nil {
			return nil, fmt.Errorf("DG2 7F60: %w", err)
		}
		block, ok := find(parts, 0x5F2E)
		if !ok {
			block, ok = find(parts, 0x7F2E)
		}
		if !ok {
			return nil, malformed("DG2 7F60: no biometric data block (5F2E or 7F2E)")
		}
		return parseFacialRecord(block)
	}
	return nil, ErrNoFace
}

// parseFacialRecord parses an ISO/IEC 19794-5:2005 facial record and returns its first image.
func parseFacialRecord(b []byte) (*Face, error) {
	if len(b) < facHeaderLen {
		return nil, malformed("facial record of %d bytes has no header", len(b))
	}
	if !bytes.Equal(b[:4], facFormatID) {
		return nil, malformed("facial record format identifier is not FAC")
	}
	if !bytes.Equal(b[4:8], facVersion) {
		return nil, malformed("facial record version %q is not 010", printable(b[4:7]))
	}
	recLen := binary.BigEndian.Uint32(b[8:12])
	if recLen < facHeaderLen || uint64(recLen) > uint64(len(b)) {
		return nil, malformed("facial record length %d, block holds %d bytes", recLen, len(b))
	}
	faces := int(binary.BigEndian.Uint16(b[12:14]))
	if faces == 0 {
		return nil, ErrNoFace
	}
	rec := b[facHeaderLen:recLen]
	if len(rec) < facInfoLen {
		return nil, malformed("facial information block truncated")
	}
	faceLen := binary.BigEndian.Uint32(rec[0:4])
	points := int(binary.BigEndian.Uint16(rec[4:6]))
	fixed := uint64(facInfoLen + points*facFeatureLen + facImageLen)
	if uint64(faceLen) < fixed || uint64(faceLen) > uint64(len(rec)) {
		return nil, malformed("facial record data length %d, %d bytes left, %d needed", faceLen, len(rec), fixed)
	}
	info := rec[facInfoLen+points*facFeatureLen:]
	f := &Face{
		ImageType:     info[0],
		Format:        ImageFormat(info[1]),
		Width:         int(binary.BigEndian.Uint16(info[2:4])),
		Height:        int(binary.BigEndian.Uint16(info[4:6])),
		ColourSpace:   info[6],
		SourceType:    info[7],
		FeaturePoints: points,
		Faces:         faces,
	}
	f.Data = bytes.Clone(rec[fixed:faceLen])
	if len(f.Data) == 0 {
		return nil, malformed("facial record holds no image data")
	}
	return f, nil
}

// EncodeDG2 returns DG2 holding one ISO/IEC 19794-5 facial record with the image
// (JPEG or JPEG 2000 bytes) of the given size, inside the ICAO 9303-10 templates.
func EncodeDG2(img []byte, format ImageFormat, width, height int) []byte {
	faceLen := facInfoLen + facImageLen + len(img)
	rec := make([]byte, 0, facHeaderLen+faceLen)
	rec = append(rec, facFormatID...)
	rec = append(rec, facVersion...)
	rec = binary.BigEndian.AppendUint32(rec, uint32(facHeaderLen+faceLen))
	rec = binary.BigEndian.AppendUint16(rec, 1) // one face
	// Facial information: length, no feature points, gender/eyes/hair unspecified,
	// no feature mask, neutral expression (1), frontal pose, no uncertainty.
	rec = binary.BigEndian.AppendUint32(rec, uint32(faceLen))
	rec = append(rec, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)
	// Image information: full frontal, format, size, RGB24, static photo from a
	// scanner (2), no device type, quality unspecified.
	rec = append(rec, 1, byte(format))
	rec = binary.BigEndian.AppendUint16(rec, uint16(width))
	rec = binary.BigEndian.AppendUint16(rec, uint16(height))
	rec = append(rec, 1, 2, 0, 0, 0, 0)
	rec = append(rec, img...)

	header := encodeTLV(0xA1,
		encodeTLV(0x80, []byte{0x01, 0x01}),    // ICAO header version 1.1
		encodeTLV(0x81, []byte{biometricFace}), // biometric type: facial features
		encodeTLV(0x87, []byte{0x01, 0x01}),    // format owner: ISO/IEC JTC 1/SC 37
		encodeTLV(0x88, []byte{0x00, 0x08}))    // format type: face image
	template := encodeTLV(tagBioTemplate, header, encodeTLV(0x5F2E, rec))
	return encodeTLV(0x75, encodeTLV(tagBioGroup, encodeTLV(0x02, []byte{1}), template))
}
