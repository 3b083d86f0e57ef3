package qr

import "fmt"

// readBack decodes a symbol made by Encode, written from the standard's
// figures rather than from the encoder's helpers where it can be.
func readBack(c *Code) ([]byte, error) {
	n := c.Size
	// Format information, top-left copy (Figure 25): bits 14..9 along row 8
	// from column 0, then (7,8), (8,8), (8,7), then column 8 up from row 5.
	pos := [][2]int{{0, 8}, {1, 8}, {2, 8}, {3, 8}, {4, 8}, {5, 8}, {7, 8}, {8, 8}, {8, 7},
		{8, 5}, {8, 4}, {8, 3}, {8, 2}, {8, 1}, {8, 0}}
	format := 0
	for _, p := range pos {
		format <<= 1
		if c.Black(p[0], p[1]) {
			format |= 1
		}
	}
	format ^= 0x5412
	// The 10 low bits are the BCH(15,5) code of the 5 high bits: the whole
	// 15-bit word must be a multiple of the generator 0x537.
	rem := format
	for i := 14; i >= 10; i-- {
		if rem>>i&1 == 1 {
			rem ^= 0x537 << (i - 10)
		}
	}
	if rem != 0 {
		return nil, fmt.Errorf("format %015b fails its BCH check", format)
	}
	if format>>13 != 0b00 {
		return nil, fmt.Errorf("format %015b: level is not M", format)
	}
	mask := format >> 10 & 7
	// The second copy must agree: column 8 from the bottom, then row 8 from
	// column n-8 to the right edge.
	second := 0
	for i := 0; i < 7; i++ {
		second = second<<1 | b2i(c.Black(8, n-1-i))
	}
	for i := 0; i < 8; i++ {
		second = second<<1 | b2i(c.Black(n-8+i, 8))
	}
	if second^0x5412 != format {
		return nil, fmt.Errorf("format copies differ: %015b, %015b", format, second^0x5412)
	}
	fn := newMatrix(c.Version).fn
	var bits []bool
	for right := n - 1; right >= 1; right -= 2 {
		if right == 6 {
			right--
		}
		for k := 0; k < n; k++ {
			y := k
			if ((n-1-right)/2)%2 == 0 && right > 6 || ((n-2-right)/2)%2 == 0 && right < 6 {
				y = n - 1 - k // upward columns
			}
			for _, x := range []int{right, right - 1} {
				if !fn[y*n+x] {
					bits = append(bits, c.Black(x, y) != maskBit(mask, x, y))
				}
			}
		}
	}
	v := versions[c.Version]
	total := v.dataCodewords() + v.ecPerBlock*len(v.blocks)
	cw := make([]byte, total)
	for i := 0; i < total*8; i++ {
		if bits[i] {
			cw[i/8] |= 0x80 >> (i % 8)
		}
	}
	// De-interleave and check each block's syndromes S_i = B(α^i) = 0.
	blocks := make([][]byte, len(v.blocks))
	k := 0
	for i := 0; i < v.blocks[len(v.blocks)-1]; i++ {
		for b := range blocks {
			if i < v.blocks[b] {
				blocks[b] = append(blocks[b], cw[k])
				k++
			}
		}
	}
	for i := 0; i < v.ecPerBlock; i++ {
		for b := range blocks {
			blocks[b] = append(blocks[b], cw[k])
			k++
		}
	}
	var data []byte
	for b, blk := range blocks {
		for i := 0; i < v.ecPerBlock; i++ {
			s := byte(0)
			for _, x := range blk {
				s = gfMul(s, gfExp[i]) ^ x
			}
			if s != 0 {
				return nil, fmt.Errorf("block %d: syndrome %d is %d", b, i, s)
			}
		}
		data = append(data, blk[:v.blocks[b]]...)
	}
	if data[0]>>4 != 0b0100 {
		return nil, fmt.Errorf("mode %04b, want byte mode", data[0]>>4)
	}
	r := bitReader{buf: data, n: 4}
	count := r.read(countBits(c.Version))
	out := make([]byte, count)
	for i := range out {
		out[i] = byte(r.read(8))
	}
	// Then the terminator, zero bits to the byte boundary, and pad
	// codewords 0xEC, 0x11 in turn (§7.4.9, §7.4.10).
	for end := min(r.n+4, len(data)*8); r.n < end || r.n%8 != 0; {
		if r.read(1) != 0 {
			return nil, fmt.Errorf("non-zero terminator bit at %d", r.n-1)
		}
	}
	for i, pad := r.n/8, 0xEC; i < len(data); i, pad = i+1, pad^0xEC^0x11 {
		if int(data[i]) != pad {
			return nil, fmt.Errorf("pad codeword %d is %02X, want %02X", i, data[i], pad)
		}
	}
	return out, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

type bitReader struct {
	buf []byte
	n   int
}

func (r *bitReader) read(bits int) int {
	v := 0
	for i := 0; i < bits; i++ {
		v = v<<1 | int(r.buf[r.n/8]>>(7-r.n%8)&1)
		r.n++
	}
	return v
}
