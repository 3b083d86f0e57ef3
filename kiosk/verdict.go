package kiosk

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/reader"
)

// verdictScreen shows what the chip said: the face photo, name, birth date, nationality,
// document number and expiry, and the authenticity verdict in words staff can act on.
// Staff confirm that the face matches the person in front of them before a code can be
// issued; a verdict that could not be checked needs a recorded reason; an expired or not
// genuine document, or a citizen under 13, blocks the code.
type verdictScreen struct {
	c       *Counter
	title   *widget.Label
	photo   *canvas.Image
	details *widget.Label
	verdict *widget.Label // genuine / not genuine / could not be checked / checked by eye
	why     *widget.Label
	blocks  *widget.Label
	face    *widget.Check
	reason  *widget.Entry // why staff go on with an unverified chip
	hint    *widget.Label // what a reason may hold, when the one typed is refused
	letter  *widget.RadioGroup
	back    *widget.Button
	issue   *widget.Button
	box     fyne.CanvasObject

	id  *identity
	doc *reader.Document // nil for a visual check
}

// maxReason is the longest reason, in characters, that the central API takes with an
// unverified chip (api.MaxReasonLen).
const maxReason = 120

// reasonPunct is the punctuation a reason may hold besides letters and single spaces.
const reasonPunct = ".,;:-()/'"

// reasonOK reports whether staff's reason (normalized) is one the central API takes:
// letters of any script, single spaces and reasonPunct, at most maxReason characters, with
// a letter. No digits, so that no CPR number, date or document number rides along.
func reasonOK(s string) bool {
	if utf8.RuneCountInString(s) > maxReason {
		return false
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || strings.ContainsRune(reasonPunct, r):
		default:
			return false
		}
	}
	return letters >= 3
}

// normalizeReason drops the spaces at the ends and doubled ones in between.
func normalizeReason(s string) string { return strings.Join(strings.Fields(s), " ") }

// Letter languages as the radio group shows them, each in its own language.
const (
	letterDanish  = "Dansk"
	letterEnglish = "English"
)

func newVerdictScreen(c *Counter) *verdictScreen {
	v := &verdictScreen{c: c, title: heading(), details: text(), verdict: heading(), why: text(), blocks: text(), hint: text(),
		photo:  &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth},
		reason: &widget.Entry{}}
	for _, l := range []*widget.Label{v.title, v.details, v.verdict, v.why, v.blocks, v.hint} {
		l.Alignment = fyne.TextAlignLeading
	}
	v.blocks.Importance = widget.DangerImportance
	// One fact a line: wrapping would let the lines spill over what follows.
	v.details.Wrapping = fyne.TextWrapOff
	v.photo.SetMinSize(fyne.NewSize(240, 300))
	v.face = &widget.Check{OnChanged: func(bool) { c.poke(); v.update() }}
	v.reason.OnChanged = func(string) { c.poke(); v.update() }
	v.letter = &widget.RadioGroup{Options: []string{letterDanish, letterEnglish}, Horizontal: true, Required: true,
		OnChanged: func(string) { c.poke() }}
	v.back = c.button(widget.MediumImportance, func() { c.endIdentify("") })
	v.issue = c.button(widget.HighImportance, v.onIssue)
	// The document beside what to do about it, so that the screen fits 1366×768
	// (TestIdentifyScreensFit).
	left := container.NewVBox(v.photo, v.details)
	right := container.NewVBox(v.verdict, v.why, v.blocks, layout.NewSpacer(), v.face, v.reason, v.hint, v.letter)
	v.box = container.NewBorder(container.NewPadded(v.title),
		container.NewPadded(container.NewGridWithColumns(2, v.back, v.issue)), nil, nil,
		container.NewPadded(container.NewBorder(nil, nil, left, nil, container.NewPadded(right))))
	v.clear()
	return v
}

// set shows an identity; auditErr says the record of a blocked check could not be written.
func (v *verdictScreen) set(id *identity, doc *reader.Document, auditErr error) {
	v.clear()
	v.id, v.doc = id, doc
	if id.photo != nil {
		v.photo.Image = id.photo
		v.photo.Show()
	} else {
		v.photo.Hide()
	}
	v.photo.Refresh()
	if v.c.opt.Language == "en" {
		v.letter.SetSelected(letterEnglish)
	} else {
		v.letter.SetSelected(letterDanish)
	}
	v.translate()
	var blocks []string
	for _, b := range id.blocks {
		blocks = append(blocks, blockText(b, id))
	}
	if auditErr != nil {
		blocks = append(blocks, lang.L("The audit trail could not be written. Tell IT support."))
	}
	say(v.blocks, strings.Join(blocks, "\n"))
	if id.verdict == booking.VerdictUnverified && !id.blocked() {
		v.reason.Show()
	} else {
		v.reason.Hide()
	}
	v.update()
}

// update allows the code only when nothing blocks it, the face is confirmed, and an
// unverified chip has a reason.
func (v *verdictScreen) update() {
	ok := v.id != nil && !v.id.blocked() && v.face.Checked
	say(v.hint, "")
	if v.id != nil && v.id.verdict == booking.VerdictUnverified {
		r := normalizeReason(v.reason.Text)
		if r != "" && !reasonOK(r) {
			say(v.hint, lang.L("Letters only, and . , ; : - ( ) / ' – no digits, at most 120 characters."))
		}
		ok = ok && reasonOK(r)
	}
	enable(v.issue, ok)
	if v.id != nil && v.id.blocked() {
		v.face.Disable()
	} else {
		v.face.Enable()
	}
}

// letterLanguage is the language staff chose for the citizen's letter.
func (v *verdictScreen) letterLanguage() string {
	if v.letter.Selected == letterEnglish {
		return "en"
	}
	return "da"
}

func (v *verdictScreen) onIssue() {
	if v.issue.Disabled() || v.id == nil {
		return
	}
	reason := ""
	if v.id.verdict == booking.VerdictUnverified {
		reason = normalizeReason(v.reason.Text)
	}
	v.c.activation.begin(v.c.identify.ticket, v.id, v.doc, reason, v.letterLanguage())
}

// blockText says why b blocks the code.
func blockText(b block, id *identity) string {
	switch b {
	case blockNotGenuine:
		return lang.L("Not genuine: no code may be issued on this document.")
	case blockExpired:
		if id.expiry.IsZero() {
			return lang.L("The chip gives no expiry date: no code may be issued on this document.")
		}
		return lang.L("The document expired on {{.Date}}: no code may be issued on it.", map[string]any{"Date": dayText(id.expiry)})
	case blockUnder13:
		return lang.L("The citizen is under 13: MitID is from age 13.")
	}
	return string(b)
}

// verdictWords names the verdict and what it rests on.
func verdictWords(id *identity) (string, string, widget.Importance) {
	var why string
	switch id.why {
	case reasonCloneChecked:
		why = lang.L("The chip's data are signed by the issuer, and the chip is the original.")
	case reasonNoCloneCheck:
		why = lang.L("The chip's data are signed by the issuer; the chip offers no check against copies.")
	case reasonBadSignature:
		why = lang.L("The chip's data are not signed by the issuer as read.")
	case reasonClone:
		why = lang.L("The chip failed to prove that it is the original chip.")
	case reasonUnknownCSCA:
		why = lang.L("The issuing country's certificate is not in the kiosk's trust list. Check the document by other means.")
	case reasonNotChecked:
		why = lang.L("The chip's signature could not be checked. Check the document by other means.")
	case reasonVisual:
		why = lang.L("No chip was read. Check the document's security features by eye.")
	}
	switch id.verdict {
	case booking.VerdictGenuine:
		return lang.L("Genuine"), why, widget.SuccessImportance
	case booking.VerdictNotGenuine:
		return lang.L("Not genuine"), why, widget.DangerImportance
	case booking.VerdictVisualOnly:
		return lang.L("Checked by eye only"), why, widget.WarningImportance
	}
	return lang.L("Could not be checked"), why, widget.WarningImportance
}

// dayText is a date as Danes write it, 24.03.1985, in both languages.
func dayText(t time.Time) string { return t.Format("02.01.2006") }

func (v *verdictScreen) content() fyne.CanvasObject { return v.box }

func (v *verdictScreen) translate() {
	v.title.SetText(lang.L("Identity of the citizen at {{.Number}}", map[string]any{"Number": v.c.identify.ticket}))
	v.face.Text = lang.L("The face matches the person in front of me")
	v.face.Refresh()
	v.reason.SetPlaceHolder(lang.L("Why you go on without a chip check (required)"))
	v.back.SetText(lang.L("Back to the queue"))
	v.issue.SetText(lang.L("Issue activation code"))
	if v.id == nil {
		return
	}
	id := v.id
	lines := []string{}
	if id.name != "" {
		lines = append(lines, id.name)
	}
	if !id.birth.IsZero() {
		lines = append(lines, lang.L("Born {{.Date}}", map[string]any{"Date": dayText(id.birth)}))
	}
	if id.nationality != "" {
		lines = append(lines, lang.L("Nationality {{.Code}}", map[string]any{"Code": id.nationality}))
	}
	lines = append(lines, lang.L("{{.Type}} no. {{.Number}}", map[string]any{"Type": docTypeText(id.docType), "Number": id.number}))
	if !id.expiry.IsZero() {
		lines = append(lines, lang.L("Valid until {{.Date}}", map[string]any{"Date": dayText(id.expiry)}))
	}
	say(v.details, strings.Join(lines, "\n"))
	title, why, imp := verdictWords(id)
	v.verdict.Importance = imp
	say(v.verdict, title)
	say(v.why, why)
}

// docTypeText names a document type for staff.
func docTypeText(t string) string {
	switch t {
	case "passport":
		return lang.L("Passport")
	case "id-card":
		return lang.L("ID card")
	}
	if l := kindLabel(t); l != t {
		return l
	}
	return lang.L("Travel document")
}

// clear forgets the citizen: photo, data, verdict and choices.
func (v *verdictScreen) clear() {
	v.id, v.doc = nil, nil
	v.photo.Image = nil
	v.photo.Refresh()
	for _, l := range []*widget.Label{v.details, v.verdict, v.why, v.blocks, v.hint} {
		say(l, "")
	}
	v.face.SetChecked(false)
	v.reason.SetText("")
	v.reason.Hide()
	enable(v.issue, false)
}
