package kiosk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Colours of the high-contrast theme. Ink on white is 18.9:1, white on navy 15.4:1,
// ink on the button grey 15:1: all far above WCAG AAA (7:1).
var (
	white     = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	ink       = color.NRGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xff}
	navy      = color.NRGBA{R: 0x0b, G: 0x25, B: 0x45, A: 0xff}
	keyGrey   = color.NRGBA{R: 0xe4, G: 0xe9, B: 0xf0, A: 0xff}
	greyText  = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	errorRed  = color.NRGBA{R: 0xa5, G: 0x00, B: 0x1b, A: 0xff}
	okGreen   = color.NRGBA{R: 0x0f, G: 0x5c, B: 0x2e, A: 0xff}
	warnBrown = color.NRGBA{R: 0x7a, G: 0x4b, B: 0x00, A: 0xff}
)

// Theme is the kiosk's high-contrast theme: near-black text on white, navy actions with
// white text, large text and generous padding, so that every button is at least about
// 80 px tall and readable from a wheelchair or with poor eyesight. It ignores the
// light/dark variant: a kiosk by the door looks the same all day.
type Theme struct{}

var _ fyne.Theme = Theme{}

// Color returns the high-contrast colour for n.
func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground,
		theme.ColorNameMenuBackground, theme.ColorNameHeaderBackground:
		return white
	case theme.ColorNameForeground:
		return ink
	case theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNameInputBorder:
		return navy
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning:
		return white
	case theme.ColorNameButton:
		return keyGrey
	case theme.ColorNameDisabledButton:
		return color.NRGBA{R: 0xf0, G: 0xf0, B: 0xf0, A: 0xff}
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return greyText
	case theme.ColorNameError:
		return errorRed
	case theme.ColorNameSuccess:
		return okGreen
	case theme.ColorNameWarning:
		return warnBrown
	case theme.ColorNameHover, theme.ColorNameFocus:
		return color.NRGBA{R: 0x0b, G: 0x25, B: 0x45, A: 0x30}
	case theme.ColorNamePressed, theme.ColorNameSelection:
		return color.NRGBA{R: 0x0b, G: 0x25, B: 0x45, A: 0x60}
	case theme.ColorNameSeparator:
		return color.NRGBA{R: 0x8a, G: 0x96, B: 0xa3, A: 0xff}
	case theme.ColorNameShadow:
		return color.NRGBA{A: 0x40}
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font returns Fyne's bundled font, which has æ, ø and å.
func (Theme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon returns Fyne's icons.
func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size returns large text and padding. Button height is the text's line height plus twice
// the inner padding: 30 pt text and 24 px inner padding make buttons about 88 px tall.
func (Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 30
	case theme.SizeNameHeadingText:
		return 48
	case theme.SizeNameSubHeadingText:
		return 40
	case theme.SizeNameCaptionText:
		return 18
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameInnerPadding:
		return 24
	case theme.SizeNameLineSpacing:
		return 8
	case theme.SizeNameInlineIcon:
		return 36
	case theme.SizeNameInputBorder:
		return 3
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 12
	case theme.SizeNameSeparatorThickness:
		return 2
	case theme.SizeNameScrollBar:
		return 16
	}
	return theme.DefaultTheme().Size(n)
}

// keyTheme is the theme of on-screen keys: the kiosk theme with bigger letters.
type keyTheme struct {
	Theme
	text float32
}

func (k keyTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return k.text
	case theme.SizeNameInnerPadding:
		// The keys' size comes from their grid; padding would only make it bigger.
		return 8
	}
	return k.Theme.Size(n)
}

// staffTheme is the theme of the counter's screens: the kiosk's colours with text for a
// desk monitor an arm's length away rather than a touch screen seen standing.
type staffTheme struct{ Theme }

func (s staffTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 22
	case theme.SizeNameHeadingText:
		return 32
	case theme.SizeNameSubHeadingText:
		return 26
	case theme.SizeNameInnerPadding:
		return 10
	}
	return s.Theme.Size(n)
}
