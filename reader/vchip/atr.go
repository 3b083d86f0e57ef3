package vchip

// atrFor is the answer to reset that a PC/SC reader builds for a contactless
// ISO/IEC 14443-4 type A card (PC/SC Part 3 §3.1.3.2.3.1): 3B 8n 80 01, the card's
// historical bytes, and the check byte TCK. The historical bytes are proprietary, as
// on most passports, unless Config.ATRCapabilities asks for the card capabilities.
func atrFor(cfg *Config) []byte {
	hist := []byte("vchip eMRTD") // real passports show a vendor's bytes here
	if cfg.ATRCapabilities {
		// Category indicator 80: COMPACT-TLV data objects follow. Compact tag 7 of
		// three bytes, the card capabilities (ISO/IEC 7816-4:2005 §8.1.1.2.7, Tables
		// 86-88): selection by full DF name; data units of one byte; and in the third
		// byte, bit 7, extended Lc and Le fields.
		third := byte(0x40)
		if cfg.NoExtended {
			third = 0
		}
		hist = []byte{0x80, 0x73, 0x80, 0x01, third}
	}
	atr := append([]byte{0x3B, 0x80 | byte(len(hist)), 0x80, 0x01}, hist...)
	var tck byte
	for _, b := range atr[1:] { // TCK: XOR of T0 to the last historical byte (ISO/IEC 7816-3 §8.2.5)
		tck ^= b
	}
	return append(atr, tck)
}
