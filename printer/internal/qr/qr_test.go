package qr

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// ISO/IEC 18004 Annex I: "01234567" as a version 1-M symbol has these 16
// data codewords and these 10 error correction codewords.
func TestErrorCorrectionAnnexI(t *testing.T) {
	data := []byte{0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11}
	want := []byte{0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55}
	if got := errorCorrection(data, 10); !bytes.Equal(got, want) {
		t.Fatalf("EC codewords = % X, want % X", got, want)
	}
}

// The block table must fill exactly the modules the function patterns
// leave, less the remainder bits of Table 1 (7 for versions 2–6).
func TestVersionTableFillsSymbol(t *testing.T) {
	totals := map[int]int{1: 26, 2: 44, 3: 70, 4: 100, 5: 134, 6: 172, 7: 196, 8: 242, 9: 292, 10: 346}
	for ver := 1; ver <= 10; ver++ {
		m := newMatrix(ver)
		free := 0
		for _, f := range m.fn {
			if !f {
				free++
			}
		}
		v := versions[ver]
		total := v.dataCodewords() + v.ecPerBlock*len(v.blocks)
		remainder := 0
		if ver >= 2 && ver <= 6 {
			remainder = 7
		}
		if total != totals[ver] || free != total*8+remainder {
			t.Errorf("version %d: %d codewords, %d free modules; want %d codewords, %d modules",
				ver, total, free, totals[ver], totals[ver]*8+remainder)
		}
	}
}

func TestCapacity(t *testing.T) {
	for _, tc := range []struct{ ver, want int }{{1, 14}, {2, 26}, {5, 84}, {9, 180}, {10, 213}} {
		if got := capacity(tc.ver); got != tc.want {
			t.Errorf("capacity(%d) = %d, want %d", tc.ver, got, tc.want)
		}
	}
	if capacity(10) != MaxBytes {
		t.Errorf("MaxBytes = %d, capacity(10) = %d", MaxBytes, capacity(10))
	}
}

func TestEncodeTooLong(t *testing.T) {
	if _, err := Encode(make([]byte, MaxBytes+1)); !errors.Is(err, ErrTooLong) {
		t.Fatalf("err = %v, want ErrTooLong", err)
	}
}

// Every encoded symbol must read back: the sampler below reads the format
// information, unmasks, collects the codewords, checks each block's
// Reed-Solomon syndromes are zero, and parses the byte-mode segment.
func TestEncodeReadsBack(t *testing.T) {
	for _, n := range []int{0, 1, 14, 15, 26, 27, 42, 62, 84, 106, 122, 152, 180, 181, 213} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*37 + n)
		}
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			c, err := Encode(data)
			if err != nil {
				t.Fatal(err)
			}
			if c.Size != 17+4*c.Version {
				t.Fatalf("size %d for version %d", c.Size, c.Version)
			}
			got, err := readBack(c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("read back % X, want % X", got, data)
			}
		})
	}
}

func TestEncodePicksSmallestVersion(t *testing.T) {
	for _, tc := range []struct{ n, ver int }{{14, 1}, {15, 2}, {180, 9}, {181, 10}} {
		c, err := Encode(make([]byte, tc.n))
		if err != nil || c.Version != tc.ver {
			t.Errorf("Encode(%d bytes): version %v, err %v; want %d", tc.n, c, err, tc.ver)
		}
	}
}

func FuzzEncode(f *testing.F) {
	f.Add([]byte("https://borger.example.dk/b/ABC123"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Encode(data)
		if len(data) > MaxBytes {
			if !errors.Is(err, ErrTooLong) {
				t.Fatalf("%d bytes: err = %v, want ErrTooLong", len(data), err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := readBack(c)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read back % X, %v", got, err)
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	for _, n := range []int{30, 213} {
		data := bytes.Repeat([]byte("x"), n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Encode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
