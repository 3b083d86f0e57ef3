package vchip

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"
	"math/rand/v2"
	"sync"
)

// Size of the built-in portrait. ICAO 9303-10 and ISO/IEC 19794-5 ask for a full-frontal
// image of at least 240 pixels between the eyes' outer corners; 480×600 at JPEG quality 90
// gives a DG2 of about 20 KB, the size real documents carry.
const (
	faceWidth   = 480
	faceHeight  = 600
	faceQuality = 90
)

// Portrait returns the built-in synthetic portrait (JPEG, 480×600) that a chip stores in
// DG2 when Config.Photo is nil, so that a test can compare what a reader got.
func Portrait() ([]byte, error) {
	b, err := builtinFace()
	return bytes.Clone(b), err
}

// builtinFace returns the built-in portrait as JPEG. It is drawn once, deterministically
// (the same bytes on every run), so tests and benchmarks move the same number of bytes.
var builtinFace = sync.OnceValues(func() ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeFaceTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
})

func encodeFaceTo(w io.Writer) error {
	if err := jpeg.Encode(w, drawFace(), &jpeg.Options{Quality: faceQuality}); err != nil {
		return fmt.Errorf("vchip: encode built-in portrait: %w", err)
	}
	return nil
}

// drawFace paints a synthetic, clearly artificial portrait: a gradient background, hair,
// an oval face with eyes, brows, nose and mouth, shoulders, and a little sensor noise so
// that the JPEG is as large as a photographed face would be.
func drawFace() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, faceWidth, faceHeight))
	rng := rand.New(rand.NewPCG(9303, 19794)) // fixed seed: deterministic output
	cx, cy := float64(faceWidth)/2, float64(faceHeight)*0.45
	for y := 0; y < faceHeight; y++ {
		for x := 0; x < faceWidth; x++ {
			fx, fy := float64(x), float64(y)
			r, g, b := faceBackground(fx, fy)
			switch {
			case inEllipse(fx, fy, cx, cy-20, 150, 190) && fy < cy-60: // hair above the face
				r, g, b = 70+20*math.Sin(fx/14), 48, 30
			case inEllipse(fx, fy, cx, cy+10, 118, 158): // the face itself
				shade := 1 - 0.25*math.Hypot((fx-cx)/118, (fy-cy-10)/158)
				r, g, b = 224*shade, 178*shade, 150*shade
				r, g, b = faceFeatures(fx, fy, cx, cy, r, g, b)
			case fy > cy+150 && inEllipse(fx, fy, cx, float64(faceHeight)+60, 230, 200): // shoulders
				r, g, b = 40, 60+10*math.Sin(fy/30), 110
			case inEllipse(fx, fy, cx, cy+150, 55, 60): // neck
				r, g, b = 200, 155, 130
			}
			n := rng.NormFloat64() * 0.5 // sensor noise
			img.SetRGBA(x, y, color.RGBA{clamp(r + n), clamp(g + n), clamp(b + n), 255})
		}
	}
	return img
}

func faceBackground(x, y float64) (r, g, b float64) {
	t := y / faceHeight
	return 200 - 40*t + 8*math.Sin(x/40), 210 - 30*t, 225 - 10*t
}

// faceFeatures darkens the pixels that belong to eyes, brows, nose and mouth.
func faceFeatures(x, y, cx, cy, r, g, b float64) (float64, float64, float64) {
	for _, side := range []float64{-1, 1} {
		ex, ey := cx+side*48, cy-25
		switch {
		case inEllipse(x, y, ex, ey, 7, 7): // pupil
			return 20, 20, 25
		case inEllipse(x, y, ex, ey, 14, 14): // iris
			return 70, 100, 130
		case inEllipse(x, y, ex, ey, 28, 12): // white of the eye
			return 240, 240, 235
		case inEllipse(x, y, ex, ey-30, 32, 6): // brow
			return 80, 55, 35
		}
	}
	switch {
	case inEllipse(x, y, cx, cy+25, 10, 38) && x > cx: // shadow on one side of the nose
		return r * 0.85, g * 0.85, b * 0.85
	case inEllipse(x, y, cx, cy+85, 45, 12) && !inEllipse(x, y, cx, cy+78, 45, 10): // mouth
		return 170, 70, 75
	}
	return r, g, b
}

func inEllipse(x, y, cx, cy, rx, ry float64) bool {
	dx, dy := (x-cx)/rx, (y-cy)/ry
	return dx*dx+dy*dy <= 1
}

func clamp(v float64) uint8 {
	return uint8(math.Max(0, math.Min(255, math.Round(v))))
}
