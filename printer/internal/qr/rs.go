package qr

// Reed-Solomon error correction over GF(2^8) with the QR code's field
// polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), ISO/IEC 18004 §7.5.2.

var gfExp, gfLog = gfTables()

func gfTables() (exp [512]byte, log [256]byte) {
	x := 1
	for i := 0; i < 255; i++ {
		exp[i] = byte(x)
		log[x] = byte(i)
		x <<= 1
		if x&0x100 != 0 {
			x ^= 0x11D
		}
	}
	// Doubling the table spares a "mod 255" in every multiplication.
	for i := 255; i < 512; i++ {
		exp[i] = exp[i-255]
	}
	return exp, log
}

func gfMul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[int(gfLog[a])+int(gfLog[b])]
}

// generator is the product (x - α^0)(x - α^1)…(x - α^(n-1)), highest degree
// first, so generator(n)[0] is 1.
func generator(n int) []byte {
	g := []byte{1}
	for i := 0; i < n; i++ {
		next := make([]byte, len(g)+1)
		for j, c := range g {
			next[j] ^= c
			next[j+1] ^= gfMul(c, gfExp[i])
		}
		g = next
	}
	return g
}

// errorCorrection is the remainder of data(x)·x^n divided by the generator
// of degree n: the n error correction codewords of one block.
func errorCorrection(data []byte, n int) []byte {
	g := generator(n)
	rem := make([]byte, n)
	for _, d := range data {
		factor := d ^ rem[0]
		copy(rem, rem[1:])
		rem[n-1] = 0
		for i := 0; i < n; i++ {
			rem[i] ^= gfMul(g[i+1], factor)
		}
	}
	return rem
}
