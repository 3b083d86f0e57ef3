package icao

import (
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/internal/ecc"
)

// Standardized domain parameters of ICAO 9303-11 §9.5.1 (Table 12): ids 0 to 2 are
// MODP groups (dh.go), 8 to 18 are elliptic curves (reader/internal/ecc).
const (
	ParamNISTP192        = 8
	ParamBrainpoolP192r1 = 9
	ParamNISTP224        = 10
	ParamBrainpoolP224r1 = 11
	ParamNISTP256        = 12
	ParamBrainpoolP256r1 = 13
	ParamBrainpoolP320r1 = 14
	ParamNISTP384        = 15
	ParamBrainpoolP384r1 = 16
	ParamBrainpoolP512r1 = 17
	ParamNISTP521        = 18
)

// ECParameterIDs lists the standardized domain parameter ids this package supports.
var ECParameterIDs = []int{
	ParamNISTP192, ParamBrainpoolP192r1, ParamNISTP224, ParamBrainpoolP224r1, ParamNISTP256,
	ParamBrainpoolP256r1, ParamBrainpoolP320r1, ParamNISTP384, ParamBrainpoolP384r1,
	ParamBrainpoolP512r1, ParamNISTP521,
}

// curveByID returns the curve of a standardized domain parameter id.
func curveByID(id int) (*ecc.Curve, error) {
	c := ecc.ByParamID(id)
	if c == nil {
		return nil, fmt.Errorf("domain parameter id %d: %w", id, ErrUnsupported)
	}
	return c, nil
}
