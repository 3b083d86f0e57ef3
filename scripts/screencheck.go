//go:build ignore

// Screencheck decides whether a screenshot shows the kiosk's welcome screen, for
// scripts/package-test-session.sh: `go run scripts/screencheck.go FILE.png`, exit 0 if it
// does. The welcome screen is the kiosk theme's white page with two large navy buttons
// (kiosk/theme.go); a black frame, an empty grey window or an error dialog has neither
// in those proportions. The layout itself varies with the screen's size, so the test asks
// only what holds at every size.
package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run scripts/screencheck.go FILE.png")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "screencheck:", err)
		os.Exit(2)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "screencheck:", os.Args[1], err)
		os.Exit(2)
	}
	img = window(img)
	white, navy := shares(img)
	buttons := navyBands(img)
	fmt.Fprintf(os.Stderr, "screencheck: window %v: white %.0f%%, navy %.0f%%, %d tall navy buttons\n",
		img.Bounds(), 100*white, 100*navy, buttons)
	// The reference screenshots (docs/screenshots, 1080x1920): welcome is 80% white and 16%
	// navy, with exactly two tall navy buttons ("I have an appointment", "I have no
	// appointment") below the language bar; no other screen has that. The top 720 pixels
	// that cage shows on the headless output are 36% white and 55% navy.
	if white < 0.3 || navy < 0.08 || navy > 0.6 || buttons != 2 {
		fmt.Fprintln(os.Stderr, "screencheck: not the welcome screen")
		os.Exit(1)
	}
}

// window crops the picture to the box around everything that is not the compositor's
// black background. On wlroots' 1280x720 headless output the kiosk's window keeps its own
// size (the welcome screen is taller than 720 pixels at scale 1), so cage shows it at the
// top left and the rest of the output stays black; a real kiosk screen is larger.
func window(img image.Image) image.Image {
	b := img.Bounds()
	box := image.Rectangle{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r>>8 > 8 || g>>8 > 8 || bl>>8 > 8 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok || box.Empty() {
		return img
	}
	return sub.SubImage(box)
}

// shares returns the fractions of pixels that are the theme's white and its navy
// (0x0b2545), with a little tolerance for scaling and dithering.
func shares(img image.Image) (white, navy float64) {
	b := img.Bounds()
	var w, n int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			switch {
			case r > 0xf0 && g > 0xf0 && bl > 0xf0:
				w++
			case near(r, 0x0b) && near(g, 0x25) && near(bl, 0x45):
				n++
			}
		}
	}
	total := float64(b.Dx() * b.Dy())
	return float64(w) / total, float64(n) / total
}

// navyBands counts the navy runs down a vertical line a fifth of the way across (left of
// the buttons' centred labels) that are taller than 4% of the picture and start below its
// top 15% (the language bar): the big buttons, not the strokes of a letter.
func navyBands(img image.Image) int {
	b := img.Bounds()
	x := b.Min.X + b.Dx()/5
	bands, run := 0, 0
	for y := b.Min.Y; y <= b.Max.Y; y++ {
		isNavy := false
		if y < b.Max.Y {
			r, g, bl, _ := img.At(x, y).RGBA()
			isNavy = near(r>>8, 0x0b) && near(g>>8, 0x25) && near(bl>>8, 0x45)
		}
		if isNavy {
			run++
			continue
		}
		if run*25 > b.Dy() && (y-run-b.Min.Y)*100 > 15*b.Dy() {
			bands++
		}
		run = 0
	}
	return bands
}

func near(v, want uint32) bool { return v+12 >= want && v <= want+12 }
