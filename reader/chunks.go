package reader

import "github.com/citizenkiosk/citizenkiosk/reader/iso7816"

// How large a READ BINARY to ask for, and how to step down when the card or the
// reader refuses: extended length once, then the largest short size that works.

// stepDownSizes are the short read sizes tried after a refusal, largest first:
// other readers report chips that refuse Le above 0xDF (223) and chips that accept
// at most 0xC0 (192).
var stepDownSizes = []int{231, 223, 192, 160, 128, 96, 64, 32, 16, 8, 4, 1}

// nextSize chooses how much to ask for: extended length once the short size would
// take more than one APDU, unless it is known not to work; else the short size.
func (r *fileReader) nextSize(remaining int) (n int, extended bool) {
	if r.ext != extRefused && remaining > r.size {
		n = min(remaining, maxExtended)
		if r.extCap > 0 {
			n = min(n, r.extCap)
		}
		if r.maxRead > 0 {
			n = min(n, r.maxRead)
		}
		if n > r.size {
			return n, true
		}
	}
	return min(remaining, r.size), false
}

// learn adjusts the sizes after a successful read of got bytes out of n asked.
func (r *fileReader) learn(n int, ext bool, got, remaining int) {
	if got == n {
		r.largest = max(r.largest, n)
	}
	if ext {
		r.ext = extWorks
		if got < n && got < remaining {
			// The card or reader caps extended responses: ask for no more next time.
			r.extCap = got
			r.largest = max(r.largest, got)
		}
		return
	}
	if got < n && got < remaining {
		r.size = got // ISO/IEC 7816-4 lets the card return fewer bytes than Ne
		r.largest = max(r.largest, got)
	}
}

// refusal reports whether sw refuses the size of a READ BINARY rather than the read:
// 6700 (wrong length), 6B00 (wrong P1-P2, some chips' answer to a large Le), 6Cxx
// (wrong Le, xx is right), and for an extended APDU anything a card or reader without
// extended-length support answers (6D00, 6E00, 6A86, 6F00).
func refusal(sw uint16, ext bool) bool {
	switch {
	case sw == iso7816.SWWrongLength, sw == iso7816.SWWrongP1P2, sw&0xFF00 == 0x6C00:
		return true
	case ext:
		return sw == iso7816.SWInsNotSupported || sw == iso7816.SWClaNotSupported ||
			sw == 0x6A86 || sw == 0x6F00
	}
	return false
}

// stepDown lowers the size after a refusal of n bytes.
func (r *fileReader) stepDown(n int, ext bool, sw uint16) {
	if ext {
		r.ext = extRefused // try extended length once per card
	}
	if sw&0xFF00 == 0x6C00 {
		xx := int(sw & 0xFF)
		if xx == 0 {
			xx = 256
		}
		r.size = min(r.size, xx)
		return
	}
	if ext {
		return // the short size has not been tried yet
	}
	for _, s := range stepDownSizes {
		if s < n {
			r.size = s
			return
		}
	}
	r.size = 1
}
