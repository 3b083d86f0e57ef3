package printer

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/citizenkiosk/citizenkiosk/printer/internal/qr"
)

// The preview draws one image pixel per printer dot: Font A cells of
// 12 × 24 dots, 576 printable dots, and a white margin standing for the
// rest of the 80 mm paper (which also gives a QR code its quiet zone).
const (
	cellWidth   = 12
	cellHeight  = 24
	lineGap     = 6 // ESC 2's default 1/6 inch spacing is about 30 dots
	printable   = paperColumns * cellWidth
	sideMargin  = 32
	topMargin   = 24
	cutFeed     = 3 * (cellHeight + lineGap) // GS V 66 feeds to the cutter
	ruleThick   = 2
	fontPixels  = 20 // Go Mono advances 0.6 em: 12 px at 20 px
	placeholder = "QR too long"
)

var faces = sync.OnceValues(func() (regular, bold font.Face) {
	load := func(ttf []byte) font.Face {
		f, err := opentype.Parse(ttf)
		if err == nil {
			var face font.Face
			if face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: fontPixels, DPI: 72, Hinting: font.HintingFull}); err == nil {
				return face
			}
		}
		return basicfont.Face7x13 // embedded fonts parse; this is only a guard
	}
	return load(gomono.TTF), load(gomonobold.TTF)
})

// Preview draws the slip as the printer will print it: black on white,
// text magnified as GS ! magnifies Font A, long lines wrapped at the paper
// edge as the printer wraps them, and QR codes as real scannable symbols.
func Preview(s Slip) *image.RGBA {
	var rows []image.Image
	for _, l := range s.Lines {
		rows = append(rows, previewLine(l.canonical())...)
	}
	height := topMargin + cutFeed
	for _, r := range rows {
		height += r.Bounds().Dy()
	}
	img := image.NewRGBA(image.Rect(0, 0, printable+2*sideMargin, height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	y := topMargin
	for _, r := range rows {
		b := r.Bounds()
		draw.Draw(img, image.Rect(sideMargin, y, sideMargin+b.Dx(), y+b.Dy()), r, b.Min, draw.Src)
		y += b.Dy()
	}
	return img
}

// EncodePNG writes img as PNG, for a preview on screen or in a README.
func EncodePNG(w io.Writer, img image.Image) error {
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("encode preview PNG: %w", err)
	}
	return nil
}

// previewLine renders one Line as rows the full printable width.
func previewLine(l Line) []image.Image {
	var rows []image.Image
	switch {
	case l.QR != "":
		rows = append(rows, previewQR(l.QR, l.Align))
	case l.Rule:
		r := blankRow(cellHeight + lineGap)
		y := (cellHeight+lineGap)/2 - ruleThick/2
		x := offset(Center, usableColumns*cellWidth)
		draw.Draw(r, image.Rect(x, y, x+usableColumns*cellWidth, y+ruleThick), image.Black, image.Point{}, draw.Src)
		rows = append(rows, r)
	case l.Text != "":
		w, _ := l.Size.magnification()
		for _, part := range strings.Split(Printable(l.Text), "\n") {
			runes := []rune(part)
			perRow := paperColumns / w
			for len(runes) > perRow { // the printer wraps at the paper edge
				rows = append(rows, previewText(string(runes[:perRow]), l))
				runes = runes[perRow:]
			}
			rows = append(rows, previewText(string(runes), l))
		}
	default:
		rows = append(rows, blankRow(cellHeight+lineGap))
	}
	if l.Feed > 0 {
		rows = append(rows, blankRow(l.Feed*(cellHeight+lineGap)))
	}
	return rows
}

func blankRow(h int) *image.RGBA {
	r := image.NewRGBA(image.Rect(0, 0, printable, h))
	draw.Draw(r, r.Bounds(), image.White, image.Point{}, draw.Src)
	return r
}

// previewText draws text in Font A cells, then magnifies it by whole dots,
// width × height, as the printer does with its bitmap font.
func previewText(text string, l Line) image.Image {
	regular, bold := faces()
	face := regular
	if l.Bold {
		face = bold
	}
	n := len([]rune(text))
	cells := image.NewGray(image.Rect(0, 0, n*cellWidth, cellHeight))
	draw.Draw(cells, cells.Bounds(), image.White, image.Point{}, draw.Src)
	ascent := face.Metrics().Ascent.Ceil()
	for i, r := range []rune(text) {
		d := font.Drawer{Dst: cells, Src: image.Black, Face: face,
			Dot: fixed.P(i*cellWidth, min(ascent, cellHeight-2))}
		d.DrawString(string(r))
	}
	w, h := l.Size.magnification()
	row := blankRow(cellHeight*h + lineGap)
	x0 := offset(l.Align, n*cellWidth*w)
	for y := 0; y < cellHeight*h; y++ {
		for x := 0; x < n*cellWidth*w; x++ {
			if g := cells.GrayAt(x/w, y/h).Y; g < 0xFF {
				row.Set(x0+x, y, color.Gray{Y: g})
			}
		}
	}
	return row
}

// offset is where ESC a puts something width dots wide on the paper.
func offset(a Align, width int) int {
	switch a {
	case Center:
		return max((printable-width)/2, 0)
	case Right:
		return max(printable-width, 0)
	}
	return 0
}

// previewQR draws the symbol the printer draws for GS ( k: model 2, level
// M, qrModuleDots per module. A payload ESCPOS would refuse is drawn as a
// labelled box so the mistake shows in the preview too.
func previewQR(payload string, a Align) image.Image {
	code, err := qr.Encode([]byte(payload))
	if err != nil {
		size := (len(placeholder) + 2) * cellWidth
		row := blankRow(size + lineGap)
		x0 := offset(a, size)
		box := image.Rect(x0, 0, x0+size, size)
		draw.Draw(row, box, image.Black, image.Point{}, draw.Src)
		draw.Draw(row, box.Inset(ruleThick), image.White, image.Point{}, draw.Src)
		label := previewText(placeholder, Line{})
		stampDark(row, label, image.Pt(x0+cellWidth, (size-cellHeight)/2))
		return row
	}
	size := code.Size * qrModuleDots
	row := blankRow(size + lineGap)
	x0 := offset(a, size)
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if code.Black(x, y) {
				r := image.Rect(x0+x*qrModuleDots, y*qrModuleDots, x0+(x+1)*qrModuleDots, (y+1)*qrModuleDots)
				draw.Draw(row, r, image.Black, image.Point{}, draw.Src)
			}
		}
	}
	return row
}

// stampDark copies the dark pixels of src onto dst at the point at.
func stampDark(dst *image.RGBA, src image.Image, at image.Point) {
	b := src.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := color.GrayModel.Convert(src.At(x, y)).(color.Gray); c.Y < 0xFF {
				dst.Set(at.X+x-b.Min.X, at.Y+y-b.Min.Y, c)
			}
		}
	}
}
