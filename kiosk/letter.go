package kiosk

import (
	"strings"
	"time"

	"github.com/citizenkiosk/citizenkiosk/printer"
)

// Letter is what the MitID activation letter says. Code is a secret: the letter is built in
// memory, printed, and dropped; nothing here writes it anywhere else.
type Letter struct {
	Centre     string    // the centre's name: "Borgerservice Odense"
	UserID     string    // the MitID user ID as the central answer gives it (often masked)
	Code       string    // the activation code, "ABCD-EFGH-JKLM-NPQR"
	ValidUntil time.Time // 48 hours after issue
	Issued     time.Time
}

// ActivationLetter is the activation letter on thermal paper in the language staff chose for
// the citizen ("da" or "en", Danish otherwise), which need not be the counter's own. It says
// who issued the code, the user ID, the code in the largest type the paper holds (the code
// alphabet has no 0/O or 1/I, so no character can be misread), until when it works, that it
// works for one authenticator and is blocked after three wrong entries, how to activate it,
// and how to choose a strong password.
func ActivationLetter(l Letter, language string) printer.Slip {
	tr := translator(language)
	if !supported(language) {
		tr = translator(Languages[0])
	}
	var lines []printer.Line
	add := func(text string, align printer.Align, size printer.Size, bold bool, feed int) {
		wrapped := printer.Wrap(text, size)
		for i, w := range wrapped {
			ln := printer.Line{Text: w, Align: align, Size: size, Bold: bold}
			if i == len(wrapped)-1 {
				ln.Feed = feed
			}
			lines = append(lines, ln)
		}
	}
	para := func(text string) { add(text, printer.Left, printer.Normal, false, 1) }

	add(l.Centre, printer.Center, printer.Tall, true, 0)
	add(tr.L("MitID activation code"), printer.Center, printer.Double, true, 0)
	lines = append(lines, printer.Line{Rule: true})
	add(tr.L("Issued {{.Time}}", map[string]string{"Time": l.Issued.Format("02.01.2006 15:04")}), printer.Left, printer.Normal, false, 1)

	add(tr.L("Your MitID user ID"), printer.Left, printer.Normal, false, 0)
	add(l.UserID, printer.Left, printer.Tall, true, 1)
	add(tr.L("Your activation code"), printer.Left, printer.Normal, false, 0)
	for i, group := range codeLines(l.Code) {
		feed := 0
		if i == len(codeLines(l.Code))-1 {
			feed = 1
		}
		lines = append(lines, printer.Line{Text: group, Align: printer.Center, Size: printer.Huge, Bold: true, Feed: feed})
	}
	add(tr.L("Valid until {{.Time}}", map[string]string{"Time": l.ValidUntil.Format("02.01.2006 15:04")}), printer.Center, printer.Tall, true, 1)
	para(tr.L("The code works for one MitID authenticator and only once. It is blocked after three wrong entries."))

	add(tr.L("How to activate MitID"), printer.Left, printer.Normal, true, 0)
	para(tr.L("Go to MitID.dk or open the MitID app, choose to activate MitID with an activation code, and type your user ID and the code above. Then choose your new password."))

	add(tr.L("Choose a strong password"), printer.Left, printer.Normal, true, 0)
	para(tr.L("Use at least 8 characters. Think of a sentence you will remember, take the first letter of each word, and end with a number."))
	para(tr.L("For example: 'My dog Bella loves long walks in the woods' and 7 give MdBllwitw7."))
	para(tr.L("Use the password only for MitID. Never write it down, and never share it with anyone, not even with Citizen Service."))
	lines = append(lines, printer.Line{Rule: true, Feed: 3})
	return printer.Slip{Lines: lines}
}

// codeLines splits an activation code into the lines it prints on in Huge type: two groups
// of four a line ("ABCD-EFGH"), so that it never wraps in the middle of a group.
func codeLines(code string) []string {
	groups := strings.Split(code, "-")
	var out []string
	for i := 0; i < len(groups); i += 2 {
		end := min(i+2, len(groups))
		out = append(out, strings.Join(groups[i:end], "-"))
	}
	return out
}

// translator answers in one language from the kiosk's translation files, whatever language
// the screens speak: the letter is in the citizen's language, the counter in the staff's.
// Its L takes the same keys as lang.L (the translation test finds both).
type translator string

// L returns key in t's language with {{.Name}} placeholders filled from data.
func (t translator) L(key string, data ...map[string]string) string {
	s := inLanguage(string(t), key)
	for _, d := range data {
		for k, v := range d {
			s = strings.ReplaceAll(s, "{{."+k+"}}", v)
		}
	}
	return s
}
