package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// shareRow lays objects out side by side across the whole width. Each gets at least its
// own minimum width and the width left over is shared by weight (equally when weights is
// nil). Unlike a grid, whose minimum is the widest object times their number, its minimum
// is the sum of the objects' minimum widths: a row of buttons with one long Danish label
// does not make every button as wide as that one.
type shareRow struct{ weights []float32 }

func (r shareRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
		n++
	}
	if n > 1 {
		w += float32(n-1) * theme.Padding()
	}
	return fyne.NewSize(w, h)
}

func (r shareRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	extra := max(0, size.Width-r.MinSize(objs).Width)
	var total float32
	for i, o := range objs {
		if o.Visible() {
			total += r.weight(i)
		}
	}
	var x float32
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		if total > 0 {
			w += extra * r.weight(i) / total
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + theme.Padding()
	}
}

func (r shareRow) weight(i int) float32 {
	if i < len(r.weights) {
		return r.weights[i]
	}
	return 1
}
