package auth

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
)

// DG14PACEInfos returns the PACEInfos in DG14's SecurityInfos. ICAO 9303-11 §9.2:
// a chip that supports PACE holds its PACEInfos in DG14 as well as in EF.CardAccess,
// because EF.CardAccess is read before access control and signed by nobody; DG14 is
// covered by EF.SOD. Other SecurityInfos are skipped.
func DG14PACEInfos(dg14 []byte) ([]icao.PACEInfo, error) {
	if len(dg14) > maxDG14Size {
		return nil, malformed("DG14 of %d bytes", len(dg14))
	}
	set, err := unwrapFile(dg14, tagDG14, "DG14")
	if err != nil {
		return nil, err
	}
	infos, err := icao.ParseCardAccess(set)
	if err != nil {
		return nil, malformed("DG14 PACEInfo: %v", err)
	}
	return infos, nil
}

// CheckCardAccess compares the PACEInfos of EF.CardAccess as read (nil when the chip
// had none) with those DG14 signs (ICAO 9303-11 §9.2; gmrtd checks the same). It
// fails when EF.CardAccess names a PACE that DG14 does not sign (the file was altered,
// for example to a weaker cipher or curve), and when DG14 signs PACE but EF.CardAccess
// offers none (access control was pushed down to BAC). A chip without DG14, or whose
// DG14 names no PACEInfo, cannot be checked: NotSupported. The answer counts only as
// far as passive authentication vouches for DG14.
func CheckCardAccess(cardAccess, dg14 []byte) CheckResult {
	const alg = "EF.CardAccess against DG14"
	if len(dg14) == 0 {
		return notSupported(alg, "the chip has no DG14", nil)
	}
	signed, err := DG14PACEInfos(dg14)
	if err != nil {
		return failed(alg, err)
	}
	var offered []icao.PACEInfo
	if len(cardAccess) > 0 {
		// A garbled file offers no PACE, as the reader treated it.
		offered, _ = icao.ParseCardAccess(cardAccess)
	}
	switch {
	case len(signed) == 0 && len(offered) == 0:
		return notSupported(alg, "the chip offers no PACE", nil)
	case len(signed) == 0:
		return notSupported(alg, "DG14 does not sign the chip's PACEInfo", nil)
	case len(offered) == 0:
		return failed(alg, fmt.Errorf("%w: EF.CardAccess offers no PACE, but DG14 signs %s: access control was pushed down to BAC",
			ErrCardAccessMismatch, describe(signed)))
	}
	for _, p := range offered {
		if !slices.ContainsFunc(signed, func(s icao.PACEInfo) bool { return samePACEInfo(p, s) }) {
			return failed(alg, fmt.Errorf("%w: EF.CardAccess offers %s, DG14 signs %s",
				ErrCardAccessMismatch, describe([]icao.PACEInfo{p}), describe(signed)))
		}
	}
	return CheckResult{Status: Passed, Algorithm: alg}
}

func samePACEInfo(a, b icao.PACEInfo) bool {
	return a.Protocol.Equal(b.Protocol) && a.Version == b.Version && a.ParameterID == b.ParameterID
}

// describe names PACEInfos for a reason: "PACE 0.4.0.127.0.7.2.2.4.2.2 v2 parameters 13".
func describe(infos []icao.PACEInfo) string {
	parts := make([]string, len(infos))
	for i, p := range infos {
		parts[i] = fmt.Sprintf("PACE %v v%d parameters %d", p.Protocol, p.Version, p.ParameterID)
	}
	return strings.Join(parts, ", ")
}
