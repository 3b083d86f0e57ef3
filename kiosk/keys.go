package kiosk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Names of the keys that are not letters or digits.
const (
	keyDelete = "delete"
	keyOK     = "ok"
	keySpace  = "space"
)

// button makes a button whose tap counts as activity. Its text is set by translate.
func (s *SelfService) button(importance widget.Importance, tapped func()) *widget.Button {
	return &widget.Button{Importance: importance, OnTapped: func() {
		s.poke()
		tapped()
	}}
}

// buttonMaker makes buttons whose taps count as activity: the self-service kiosk and the
// counter each keep their own idle timer.
type buttonMaker interface {
	button(importance widget.Importance, tapped func()) *widget.Button
}

// newKeypad fills keys with the digits 0–9, Delete and OK, and lays them out as a
// telephone keypad with keys large enough for a thumb.
func newKeypad(s buttonMaker, keys map[string]*widget.Button, press func(key string)) fyne.CanvasObject {
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"} {
		keys[k] = s.button(widget.MediumImportance, func() { press(k) })
		keys[k].Text = k
	}
	keys[keyDelete] = s.button(widget.MediumImportance, func() { press(keyDelete) })
	keys[keyOK] = s.button(widget.HighImportance, func() { press(keyOK) })
	grid := container.NewGridWithColumns(3,
		keys["1"], keys["2"], keys["3"],
		keys["4"], keys["5"], keys["6"],
		keys["7"], keys["8"], keys["9"],
		keys[keyDelete], keys["0"], keys[keyOK],
	)
	return sized(container.NewThemeOverride(grid, keyTheme{text: 60}), fyne.NewSize(600, 440))
}

// Rows of the on-screen letter keyboard, Danish layout.
var letterRows = []string{"QWERTYUIOPÅ", "ASDFGHJKLÆØ", "ZXCVBNM-"}

// newKeyboard fills keys with the letters of a Danish keyboard, Space, Delete and OK.
func newKeyboard(s *SelfService, keys map[string]*widget.Button, press func(key string)) fyne.CanvasObject {
	rows := container.NewVBox()
	for _, row := range letterRows {
		cells := make([]fyne.CanvasObject, 0, 11)
		for _, r := range row {
			k := string(r)
			keys[k] = s.button(widget.MediumImportance, func() { press(k) })
			keys[k].Text = k
			cells = append(cells, keys[k])
		}
		for len(cells) < 11 {
			cells = append(cells, layout.NewSpacer())
		}
		rows.Add(sized(container.NewGridWithColumns(11, cells...), fyne.NewSize(0, 110)))
	}
	keys[keySpace] = s.button(widget.MediumImportance, func() { press(keySpace) })
	keys[keyDelete] = s.button(widget.MediumImportance, func() { press(keyDelete) })
	keys[keyOK] = s.button(widget.HighImportance, func() { press(keyOK) })
	rows.Add(sized(container.NewGridWithColumns(3, keys[keySpace], keys[keyDelete], keys[keyOK]), fyne.NewSize(0, 110)))
	return container.NewThemeOverride(rows, keyTheme{text: 40})
}

// translateKeys sets the texts of the keys that have words on them.
func translateKeys(keys map[string]*widget.Button) {
	for k, text := range map[string]string{keyDelete: lang.L("Delete"), keyOK: lang.L("OK"), keySpace: lang.L("Space")} {
		if b := keys[k]; b != nil {
			b.SetText(text)
		}
	}
}

// sized makes obj at least min large (a zero dimension leaves it as it is).
func sized(obj fyne.CanvasObject, min fyne.Size) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(min)
	return container.NewStack(r, obj)
}

// heading makes a large bold centred label.
func heading() *widget.Label {
	return &widget.Label{SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true},
		Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
}

// text makes a centred label that wraps.
func text() *widget.Label {
	return &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
}

// bounded lays out one object as large as the space allows, up to max, and centres it:
// keypads grow on a tall portrait screen and still fit a landscape one.
type bounded struct{ max fyne.Size }

func (b bounded) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (b bounded) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	s := fyne.NewSize(min(size.Width, b.max.Width), min(size.Height, b.max.Height)).Max(objs[0].MinSize())
	objs[0].Resize(s)
	objs[0].Move(fyne.NewPos((size.Width-s.Width)/2, (size.Height-s.Height)/2))
}

// entryArea puts what was typed above its keys, the two together as large as fits.
func entryArea(typed fyne.CanvasObject, keys fyne.CanvasObject, max fyne.Size) fyne.CanvasObject {
	return container.New(bounded{max}, container.NewBorder(typed, nil, nil, nil, keys))
}
