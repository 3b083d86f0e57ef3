package qr

// matrix is a symbol under construction: dark modules, and which modules
// belong to function patterns (finders, timing, alignment, format and
// version information) and so carry no data and take no mask.
type matrix struct {
	size int
	dark []bool
	fn   []bool
}

func newMatrix(ver int) *matrix {
	size := 17 + 4*ver
	m := &matrix{size: size, dark: make([]bool, size*size), fn: make([]bool, size*size)}
	// Timing patterns on row 6 and column 6 (§6.3.5); finders overwrite
	// their ends.
	for i := 0; i < size; i++ {
		m.setFn(6, i, i%2 == 0)
		m.setFn(i, 6, i%2 == 0)
	}
	// Finder patterns with their separators (§6.3.3): rings at Chebyshev
	// distance 0–1 and 3 from the centre are dark, 2 and 4 light.
	for _, c := range [][2]int{{3, 3}, {size - 4, 3}, {3, size - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x >= 0 && y >= 0 && x < size && y < size {
					d := max(abs(dx), abs(dy))
					m.setFn(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	// Alignment patterns (§6.3.6) at every pair of centres except the three
	// that would overlap a finder.
	al := versions[ver].align
	for i, cy := range al {
		for j, cx := range al {
			last := len(al) - 1
			if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) {
				continue
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					m.setFn(cx+dx, cy+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	m.drawFormat(0) // reserves the format areas; Encode redraws with its mask
	if ver >= 7 {
		m.drawVersion(ver)
	}
	return m
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func (m *matrix) setFn(x, y int, dark bool) {
	m.dark[y*m.size+x] = dark
	m.fn[y*m.size+x] = true
}

// drawFormat writes the 15-bit format information twice (§7.9.1): level M
// is 00, then the mask number, with a BCH(15,5) remainder (generator
// 0x537), XORed with 0x5412 so that it is never all light.
func (m *matrix) drawFormat(mask int) {
	data := 0b00<<3 | mask
	rem := data
	for i := 0; i < 10; i++ {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	bits := (data<<10 | rem) ^ 0x5412
	bit := func(i int) bool { return bits>>i&1 == 1 }
	// Around the top-left finder.
	for i := 0; i <= 5; i++ {
		m.setFn(8, i, bit(i))
	}
	m.setFn(8, 7, bit(6))
	m.setFn(8, 8, bit(7))
	m.setFn(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		m.setFn(14-i, 8, bit(i))
	}
	// Split between the other two finders.
	for i := 0; i < 8; i++ {
		m.setFn(m.size-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		m.setFn(8, m.size-15+i, bit(i))
	}
	m.setFn(8, m.size-8, true) // the dark module
}

// drawVersion writes the 18-bit version information of versions 7 and up
// (§7.10): six bits of version and a BCH(18,6) remainder (generator 0x1F25),
// in two 6×3 blocks.
func (m *matrix) drawVersion(ver int) {
	rem := ver
	for i := 0; i < 12; i++ {
		rem = rem<<1 ^ (rem>>11)*0x1F25
	}
	bits := ver<<12 | rem
	for i := 0; i < 18; i++ {
		dark := bits>>i&1 == 1
		a, b := m.size-11+i%3, i/3
		m.setFn(a, b, dark)
		m.setFn(b, a, dark)
	}
}

// placeData lays the codewords in two-module columns from the bottom right,
// upwards then downwards in turn, skipping the vertical timing column and
// function modules (§7.7.3). Modules left over are remainder bits: light.
func (m *matrix) placeData(codewords []byte) {
	i := 0
	for right := m.size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		upward := (right+1)&2 == 0
		for vert := 0; vert < m.size; vert++ {
			y := vert
			if upward {
				y = m.size - 1 - vert
			}
			for j := 0; j < 2; j++ {
				x := right - j
				if m.fn[y*m.size+x] || i >= len(codewords)*8 {
					continue
				}
				m.dark[y*m.size+x] = codewords[i/8]>>(7-uint(i%8))&1 == 1
				i++
			}
		}
	}
}

// maskBit is the mask condition of Table 10, x the column and y the row.
func maskBit(mask, x, y int) bool {
	switch mask {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (x/3+y/2)%2 == 0
	case 5:
		return x*y%2+x*y%3 == 0
	case 6:
		return (x*y%2+x*y%3)%2 == 0
	default:
		return ((x+y)%2+x*y%3)%2 == 0
	}
}

func (m *matrix) applyMask(mask int) {
	for y := 0; y < m.size; y++ {
		for x := 0; x < m.size; x++ {
			if !m.fn[y*m.size+x] && maskBit(mask, x, y) {
				m.dark[y*m.size+x] = !m.dark[y*m.size+x]
			}
		}
	}
}
