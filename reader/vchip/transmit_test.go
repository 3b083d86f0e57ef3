package vchip

import "testing"

func TestMaxPlaintext(t *testing.T) {
	for _, tt := range []struct{ limit, blockSize, want int }{
		{256, 16, 223}, // AES, short Le: ICAO 9303-11 and the field notes
		{256, 8, 231},  // 3DES, short Le
		{65536, 16, 65503},
		{14, 16, 0}, // room for DO'99' and DO'8E' only
	} {
		got := maxPlaintext(tt.limit, tt.blockSize)
		if got != tt.want {
			t.Errorf("maxPlaintext(%d, %d) = %d, want %d", tt.limit, tt.blockSize, got, tt.want)
		}
		if got > 0 && wrappedLen(got, tt.blockSize) > tt.limit || wrappedLen(got+1, tt.blockSize) <= tt.limit {
			t.Errorf("maxPlaintext(%d, %d) = %d is not the largest that fits", tt.limit, tt.blockSize, got)
		}
	}
}
