// Package qr encodes QR codes (ISO/IEC 18004, model 2) in byte mode at
// error correction level M, versions 1 to 10: the symbols a receipt printer
// prints with GS ( k, drawn here so that the screen preview shows a code a
// phone can scan.
package qr

import (
	"errors"
	"fmt"
)

// MaxBytes is the byte-mode capacity of a version 10-M symbol.
const MaxBytes = 213

// ErrTooLong is returned for a payload longer than MaxBytes.
var ErrTooLong = errors.New("qr: payload too long for version 10-M")

// version holds what ISO/IEC 18004 Table 9 (level M) and Annex E say of one
// version: EC codewords per block, data codewords of each block (shorter
// blocks first), and the alignment pattern centres.
type version struct {
	ecPerBlock int
	blocks     []int
	align      []int
}

var versions = [...]version{
	1:  {10, []int{16}, nil},
	2:  {16, []int{28}, []int{6, 18}},
	3:  {26, []int{44}, []int{6, 22}},
	4:  {18, []int{32, 32}, []int{6, 26}},
	5:  {24, []int{43, 43}, []int{6, 30}},
	6:  {16, []int{27, 27, 27, 27}, []int{6, 34}},
	7:  {18, []int{31, 31, 31, 31}, []int{6, 22, 38}},
	8:  {22, []int{38, 38, 39, 39}, []int{6, 24, 42}},
	9:  {22, []int{36, 36, 36, 37, 37}, []int{6, 26, 46}},
	10: {26, []int{43, 43, 43, 43, 44}, []int{6, 28, 50}},
}

func (v version) dataCodewords() int {
	n := 0
	for _, b := range v.blocks {
		n += b
	}
	return n
}

// countBits is the width of the byte-mode character count (Table 3).
func countBits(ver int) int {
	if ver <= 9 {
		return 8
	}
	return 16
}

// capacity is how many payload bytes version ver holds: the data bits less
// the 4-bit mode indicator and the count, in whole bytes.
func capacity(ver int) int {
	return (versions[ver].dataCodewords()*8 - 4 - countBits(ver)) / 8
}

// A Code is a QR symbol without its quiet zone.
type Code struct {
	Version int
	Size    int // modules per side: 17 + 4×Version
	dark    []bool
}

// Black reports whether the module at column x, row y is dark. Outside the
// symbol (the quiet zone) it is light.
func (c *Code) Black(x, y int) bool {
	if x < 0 || y < 0 || x >= c.Size || y >= c.Size {
		return false
	}
	return c.dark[y*c.Size+x]
}

// Encode makes the smallest symbol that holds data, with the mask pattern
// of lowest penalty (§7.8.3).
func Encode(data []byte) (*Code, error) {
	ver := 0
	for v := 1; v < len(versions); v++ {
		if len(data) <= capacity(v) {
			ver = v
			break
		}
	}
	if ver == 0 {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLong, len(data))
	}
	codewords := interleave(ver, dataCodewords(ver, data))
	var best *matrix
	bestPenalty := -1
	for mask := 0; mask < 8; mask++ {
		m := newMatrix(ver)
		m.placeData(codewords)
		m.applyMask(mask)
		m.drawFormat(mask)
		if p := m.penalty(); bestPenalty < 0 || p < bestPenalty {
			best, bestPenalty = m, p
		}
	}
	return &Code{Version: ver, Size: best.size, dark: best.dark}, nil
}

// dataCodewords builds the data bit stream of §7.4: mode 0100, the count,
// the bytes, a terminator of up to four zero bits, zero bits to a byte
// boundary, then the pad codewords 0xEC and 0x11 in turn.
func dataCodewords(ver int, data []byte) []byte {
	total := versions[ver].dataCodewords()
	var w bitWriter
	w.write(0b0100, 4)
	w.write(uint(len(data)), countBits(ver))
	for _, b := range data {
		w.write(uint(b), 8)
	}
	w.write(0, min(4, total*8-w.n))
	if w.n%8 != 0 {
		w.write(0, 8-w.n%8)
	}
	for pad := byte(0xEC); len(w.buf) < total; pad ^= 0xEC ^ 0x11 {
		w.buf = append(w.buf, pad)
	}
	return w.buf
}

// interleave splits the data into the version's blocks, adds each block's
// error correction, and interleaves them codeword by codeword (§7.6).
func interleave(ver int, data []byte) []byte {
	v := versions[ver]
	var blocks, ecs [][]byte
	for _, n := range v.blocks {
		blocks = append(blocks, data[:n])
		ecs = append(ecs, errorCorrection(data[:n], v.ecPerBlock))
		data = data[n:]
	}
	var out []byte
	for i := 0; i < v.blocks[len(v.blocks)-1]; i++ {
		for _, b := range blocks {
			if i < len(b) {
				out = append(out, b[i])
			}
		}
	}
	for i := 0; i < v.ecPerBlock; i++ {
		for _, e := range ecs {
			out = append(out, e[i])
		}
	}
	return out
}

type bitWriter struct {
	buf []byte
	n   int // bits written
}

func (w *bitWriter) write(v uint, bits int) {
	for i := bits - 1; i >= 0; i-- {
		if w.n%8 == 0 {
			w.buf = append(w.buf, 0)
		}
		if v>>uint(i)&1 == 1 {
			w.buf[w.n/8] |= 0x80 >> uint(w.n%8)
		}
		w.n++
	}
}
