package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestScreenshots renders every screen and checks that each file is a picture of the
// right size with something on it: the self-service screens upright, the counter's and
// the board landscape.
func TestScreenshots(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 44 screens")
	}
	dir := t.TempDir()
	if err := run(dir, fyne.NewSize(540, 960)); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 44 {
		t.Errorf("%d screenshots, want 44 (14 self-service and 7 counter screens in 2 languages, and the board twice)", len(files))
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w, h := 540, 960
		if base := filepath.Base(name); strings.HasPrefix(base, "counter-") || strings.HasPrefix(base, "board") {
			w, h = h, w
		}
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Errorf("%s is %v", name, b)
		}
		first, same := img.At(0, 0), true
		for y := 0; y < img.Bounds().Dy() && same; y += 7 {
			for x := 0; x < img.Bounds().Dx(); x += 7 {
				if img.At(x, y) != first {
					same = false
					break
				}
			}
		}
		if same {
			t.Errorf("%s is blank", name)
		}
	}
}
