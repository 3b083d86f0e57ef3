package kiosk

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// visualDocuments are the photo IDs without a readable chip that a Citizen Service Centre
// accepts (FIELD-NOTES, "Denmark and MitID"), as the audit trail names them.
var visualDocuments = []string{"driving-licence", "residence-permit", "mfa-id-card"}

// visualForm records a document checked by eye: its type and number. The check is marked
// visual only; staff still confirm the face on the verdict screen.
type visualForm struct {
	c       *Counter
	title   *widget.Label
	kind    *widget.RadioGroup
	number  *widget.Entry
	problem *widget.Label
	record  *widget.Button
	back    *widget.Button
	box     *fyne.Container
}

func newVisualForm(c *Counter) *visualForm {
	v := &visualForm{c: c, title: heading(), problem: text(), number: &widget.Entry{}}
	v.title.Alignment, v.problem.Alignment = fyne.TextAlignLeading, fyne.TextAlignLeading
	v.problem.Importance = widget.DangerImportance
	v.kind = &widget.RadioGroup{OnChanged: func(string) { c.poke() }}
	v.number.OnSubmitted = func(string) { v.onRecord() }
	v.record = c.button(widget.HighImportance, v.onRecord)
	v.back = c.button(widget.MediumImportance, func() { c.identify.begin(c.identify.ticket) })
	v.box = container.NewVBox(v.title, v.kind, v.number, v.problem,
		container.NewGridWithColumns(2, v.back, v.record))
	v.box.Hide()
	return v
}

func (v *visualForm) begin() {
	v.clear()
	v.translate()
	v.box.Show()
}

// kindLabel names a visual document type for staff.
func kindLabel(kind string) string {
	switch kind {
	case "driving-licence":
		return lang.L("Danish driving licence")
	case "residence-permit":
		return lang.L("Residence permit card")
	case "mfa-id-card":
		return lang.L("ID card of the Ministry of Foreign Affairs")
	}
	return kind
}

func (v *visualForm) onRecord() {
	kind := ""
	for _, k := range visualDocuments {
		if kindLabel(k) == v.kind.Selected {
			kind = k
		}
	}
	number := strings.ToUpper(strings.TrimSpace(v.number.Text))
	switch {
	case kind == "":
		v.problem.SetText(lang.L("Choose the type of document."))
		return
	case number == "" || len(number) > 20:
		v.problem.SetText(lang.L("Type the document's number as printed on it."))
		return
	}
	id := &identity{method: booking.MethodVisual, docType: kind, issuingState: "DNK", number: number,
		protocol: "none", verdict: booking.VerdictVisualOnly, why: reasonVisual}
	v.c.verdict.set(id, nil, nil)
	v.c.show(v.c.verdict)
}

func (v *visualForm) translate() {
	v.title.SetText(lang.L("Document without a chip: check it by eye"))
	options := make([]string, len(visualDocuments))
	for i, k := range visualDocuments {
		options[i] = kindLabel(k)
	}
	v.kind.Options = options
	v.kind.Refresh()
	v.number.SetPlaceHolder(lang.L("Document number"))
	v.record.SetText(lang.L("Record the visual check"))
	v.back.SetText(lang.L("Back"))
}

func (v *visualForm) clear() {
	v.kind.Selected = ""
	v.kind.Refresh()
	v.number.SetText("")
	v.problem.SetText("")
	v.box.Hide()
}
