package printer

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/printer/internal/qr"
)

func dark(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c, _, _, _ := img.At(x, y).RGBA(); c < 0x8000 {
				n++
			}
		}
	}
	return n
}

func TestPreviewGrowsAndShowsText(t *testing.T) {
	one := Preview(Slip{Lines: []Line{{Text: "Borgerservice"}}})
	two := Preview(Slip{Lines: []Line{{Text: "Borgerservice"}, {Text: "Kø"}}})
	huge := Preview(Slip{Lines: []Line{{Text: "A017", Size: Huge}}})
	empty := Preview(Slip{})
	if w := one.Bounds().Dx(); w != 576+2*sideMargin {
		t.Errorf("width %d, want %d", w, 576+2*sideMargin)
	}
	if !(empty.Bounds().Dy() < one.Bounds().Dy() && one.Bounds().Dy() < two.Bounds().Dy() && two.Bounds().Dy() < huge.Bounds().Dy()) {
		t.Errorf("heights: empty %d, one line %d, two %d, huge %d", empty.Bounds().Dy(), one.Bounds().Dy(), two.Bounds().Dy(), huge.Bounds().Dy())
	}
	if n := dark(empty, empty.Bounds()); n != 0 {
		t.Errorf("empty slip has %d dark pixels", n)
	}
	// "Borgerservice" is 13 cells from the left margin on the first line.
	text := image.Rect(sideMargin, topMargin, sideMargin+13*cellWidth, topMargin+cellHeight)
	if n := dark(one, text); n < 13*10 {
		t.Errorf("only %d dark pixels where the text is", n)
	}
	if n := dark(one, image.Rect(sideMargin+14*cellWidth, topMargin, sideMargin+printable, topMargin+cellHeight)); n != 0 {
		t.Errorf("%d dark pixels right of the text", n)
	}
}

func TestPreviewAlignAndWrap(t *testing.T) {
	img := Preview(Slip{Lines: []Line{{Text: "X", Align: Right}}})
	left := image.Rect(sideMargin, topMargin, sideMargin+printable/2, topMargin+cellHeight)
	right := image.Rect(sideMargin+printable-cellWidth, topMargin, sideMargin+printable, topMargin+cellHeight)
	if dark(img, left) != 0 || dark(img, right) == 0 {
		t.Errorf("right-aligned X: %d dark left, %d dark right", dark(img, left), dark(img, right))
	}
	short := Preview(Slip{Lines: []Line{{Text: strings.Repeat("x", 48)}}})
	long := Preview(Slip{Lines: []Line{{Text: strings.Repeat("x", 49)}}})
	if long.Bounds().Dy()-short.Bounds().Dy() != cellHeight+lineGap {
		t.Errorf("49 characters did not wrap to a second row")
	}
}

// The QR code in the preview must be the symbol qr.Encode makes, one
// module per qrModuleDots square, where ESC a puts it.
func TestPreviewQRModules(t *testing.T) {
	payload := "https://borger.example.dk/b/7Q2K9"
	img := Preview(Slip{Lines: []Line{{QR: payload, Align: Center}}})
	code, err := qr.Encode([]byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	size := code.Size * qrModuleDots
	x0 := sideMargin + (printable-size)/2
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			c, _, _, _ := img.At(x0+x*qrModuleDots+qrModuleDots/2, topMargin+y*qrModuleDots+qrModuleDots/2).RGBA()
			if (c < 0x8000) != code.Black(x, y) {
				t.Fatalf("module (%d,%d) differs from the symbol", x, y)
			}
		}
	}
}

func TestPreviewQRTooLongPlaceholder(t *testing.T) {
	img := Preview(Slip{Lines: []Line{{QR: strings.Repeat("x", 300)}}})
	if dark(img, img.Bounds()) == 0 {
		t.Fatal("no placeholder drawn for an unprintable QR payload")
	}
}

func TestEncodePNG(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodePNG(&buf, Preview(Slip{Lines: []Line{{Text: "æøå"}}})); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&buf); err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
}
