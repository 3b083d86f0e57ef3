package lds

import "fmt"

// File is an elementary file of the eMRTD, named by its file identifier (FID).
// ICAO 9303-10 §3.11, Table 38 (LDS1 application) and §3.10 (master file).
type File uint16

// Files of the master file, read before access control.
const (
	CardAccess   File = 0x011C // EF.CardAccess: PACE parameters (SecurityInfos), unprotected
	CardSecurity File = 0x011D // EF.CardSecurity (in the MF; shares its FID with EF.SOD)
	ATRInfo      File = 0x2F01 // EF.ATR/INFO: extended-length support and buffer sizes
	Dir          File = 0x2F00 // EF.DIR: the applications on the chip
)

// Files of the LDS1 eMRTD application (AID A0000002471001).
const (
	COM  File = 0x011E // EF.COM: LDS version and the list of data groups present
	SOD  File = 0x011D // EF.SOD: the Document Security Object (passive authentication)
	DG1  File = 0x0101 // MRZ information
	DG2  File = 0x0102 // encoded face
	DG3  File = 0x0103 // encoded fingers (EAC-protected)
	DG4  File = 0x0104 // encoded irises (EAC-protected)
	DG5  File = 0x0105 // displayed portrait
	DG6  File = 0x0106 // reserved
	DG7  File = 0x0107 // displayed signature or usual mark
	DG8  File = 0x0108 // data features
	DG9  File = 0x0109 // structure features
	DG10 File = 0x010A // substance features
	DG11 File = 0x010B // additional personal details
	DG12 File = 0x010C // additional document details
	DG13 File = 0x010D // optional details
	DG14 File = 0x010E // security options (chip authentication)
	DG15 File = 0x010F // active authentication public key
	DG16 File = 0x0110 // persons to notify
)

// DataGroupFile returns the file of data group n (1..16).
func DataGroupFile(n int) (File, bool) {
	if n < 1 || n > 16 {
		return 0, false
	}
	return File(0x0100 + n), true
}

// DataGroup returns the data group number of f, or 0 if f is not a data group.
func (f File) DataGroup() int {
	if f >= DG1 && f <= DG16 {
		return int(f - 0x0100)
	}
	return 0
}

// SFI returns the short file identifier of f (ICAO 9303-10 Table 38: the low five
// bits of the FID for DG1..DG16, EF.COM 1E, EF.SOD 1D, EF.CardAccess 1C), or 0 if f
// has none.
func (f File) SFI() byte {
	switch {
	case f.DataGroup() != 0, f == COM, f == SOD, f == CardAccess, f == ATRInfo:
		return byte(f & 0x1F)
	}
	return 0
}

// dataGroupTags are the first tags of DG1..DG16 (ICAO 9303-10 Table 34).
var dataGroupTags = [17]byte{0, 0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68,
	0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70}

// Tags of the files that are not data groups.
const (
	TagCOM byte = 0x60
	TagSOD byte = 0x77
)

// Tag returns the tag that the contents of f start with, or 0 for files that are not
// BER-TLV encoded LDS files (EF.CardAccess is a DER SET).
func (f File) Tag() byte {
	switch f {
	case COM:
		return TagCOM
	case SOD:
		return TagSOD
	}
	return dataGroupTags[f.DataGroup()]
}

// FileForTag returns the file whose contents start with tag, as listed in EF.COM.
func FileForTag(tag byte) (File, bool) {
	switch tag {
	case TagCOM:
		return COM, true
	case TagSOD:
		return SOD, true
	}
	for n := 1; n <= 16; n++ {
		if dataGroupTags[n] == tag {
			return File(0x0100 + n), true
		}
	}
	return 0, false
}

// String names f the way staff and logs see it: "DG2", "EF.COM", ...
func (f File) String() string {
	if n := f.DataGroup(); n != 0 {
		return fmt.Sprintf("DG%d", n)
	}
	switch f {
	case COM:
		return "EF.COM"
	case SOD:
		return "EF.SOD"
	case CardAccess:
		return "EF.CardAccess"
	case ATRInfo:
		return "EF.ATR/INFO"
	case Dir:
		return "EF.DIR"
	}
	return fmt.Sprintf("EF %04X", uint16(f))
}
