package vchip

// defaultATR is the answer to reset that a PC/SC reader builds for a contactless
// ISO/IEC 14443-4 type A card (PC/SC Part 3 §3.1.3.2.3.1): 3B 8n 80 01, the card's
// historical bytes, and the check byte TCK.
func defaultATR() []byte {
	hist := []byte("vchip eMRTD") // historical bytes; real passports show a vendor's here
	atr := append([]byte{0x3B, 0x80 | byte(len(hist)), 0x80, 0x01}, hist...)
	var tck byte
	for _, b := range atr[1:] { // TCK: XOR of T0 to the last historical byte (ISO/IEC 7816-3 §8.2.5)
		tck ^= b
	}
	return append(atr, tck)
}
