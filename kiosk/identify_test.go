package kiosk

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// codePattern is an activation code as the reference server makes it.
var codePattern = regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`)

// TestIdentifyIssuePrint is the counter's whole job: call A001, read the chip, see the
// verdict, confirm the face, get a code from the central server over loopback HTTP, and
// print the letter to a TCP printer. The code is on the letter and nowhere else: not on
// screen after printing, not in the log, not in the database file, not in the audit trail.
func TestIdentifyIssuePrint(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, true))
	f.toVerdict(cfg)
	v := f.c.verdict
	if v.verdict.Text != "Ægte" || !strings.Contains(v.details.Text, "ANNA SOFIE TESTESEN") ||
		!strings.Contains(v.details.Text, "Født 24.03.1985") || !strings.Contains(v.details.Text, "AB1234567") ||
		!strings.Contains(v.details.Text, "Gyldigt til 15.04.2032") || v.photo.Image == nil {
		t.Fatalf("verdict %q, details %q, photo %v", v.verdict.Text, v.details.Text, v.photo.Image != nil)
	}
	if !v.issue.Disabled() {
		t.Fatal("a code can be issued before staff confirmed the face")
	}
	if len(f.audit.all()) != 0 {
		t.Fatal("an audit record before staff confirmed or the check blocked")
	}
	v.letter.SetSelected(letterDanish)
	f.confirmAndIssue()

	a := f.c.activation
	letter := f.letter()
	code := codePattern.FindString(strings.ReplaceAll(letter, "\n", "-"))
	if !strings.Contains(letter, "Borgerservice Århus") || !strings.Contains(letter, "MitID-aktiveringskode") ||
		!strings.Contains(letter, "Brug mindst 8 tegn") || !strings.ContainsAny(letter, "æ") ||
		!strings.ContainsAny(letter, "ø") || code == "" {
		t.Fatalf("letter:\n%s", letter)
	}
	if !strings.Contains(a.status.Text, "udskrevet") || a.code.Text != "" || a.job.issued != nil {
		t.Fatalf("after printing: status %q, code label %q, code held %v", a.status.Text, a.code.Text, a.job.issued != nil)
	}
	recs := f.audit.all()
	if len(recs) != 2 || recs[0].Action != booking.AuditIdentityCheck || recs[0].Outcome != "confirmed" ||
		recs[0].Verdict != booking.VerdictGenuine || recs[0].Method != booking.MethodChip || recs[0].Staff != staffID ||
		recs[0].Ticket != "A001" || recs[0].DocumentNumber != "AB1234567" || recs[1].Action != booking.AuditCodeIssued ||
		recs[1].Outcome == "" {
		t.Fatalf("audit trail: %+v", recs)
	}
	f.tap(a.done)
	f.on(f.c.queue, "queue")
	if !strings.Contains(f.c.queue.message.Text, "A001") {
		t.Errorf("queue note %q", f.c.queue.message.Text)
	}
	assertNowhere(t, f, code)
}

// TestIdentifyAuditInDatabase: the audit trail in the kiosk database takes the flow's
// records, and the database file holds no code afterwards.
func TestIdentifyAuditInDatabase(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, false))
	f.c.opt.Audit = f.db
	f.toVerdict(cfg)
	f.c.verdict.reason.SetText(strings.Repeat("x", maxReason+1))
	test.Tap(f.c.verdict.face)
	if !f.c.verdict.issue.Disabled() {
		t.Fatal("a reason longer than the audit trail keeps was accepted")
	}
	f.c.verdict.reason.SetText("Pas kontrolleret under UV-lampe; fotoet er ægte")
	f.tap(f.c.verdict.issue)
	code := codePattern.FindString(strings.ReplaceAll(f.letter(), "\n", "-"))
	if n, err := f.db.VerifyAudit(); err != nil || n != 2 {
		t.Fatalf("audit trail in the database: %d records, %v", n, err)
	}
	assertNowhere(t, f, code)
}

// assertNowhere fails if code is in the log, the audit trail or the database file.
func assertNowhere(t *testing.T, f *identifyFixture, code string) {
	t.Helper()
	if strings.Contains(f.log.String(), code) {
		t.Error("the activation code was logged")
	}
	for _, r := range f.audit.all() {
		if strings.Contains(strings.Join([]string{r.Evidence, r.Reason, r.Outcome}, " "), code) {
			t.Error("the activation code is in the audit trail")
		}
	}
	c := f.c.Stop
	c()
	f.c.Wait()
	b, err := os.ReadFile(f.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), code) || strings.Contains(string(b), strings.ReplaceAll(code, "-", "")) {
		t.Error("the activation code is in the database file")
	}
	if !strings.Contains(f.log.String(), "activation code issued") {
		t.Error("the log holds nothing of the flow: the search above proves nothing")
	}
}

// TestIdentifyBlocks: a forged chip, an expired document and a child each block the code
// with a sentence, and the check is recorded as blocked.
func TestIdentifyBlocks(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*vchip.Config)
		want string
	}{
		{"forged", func(c *vchip.Config) { c.Tamper = "clone" }, "Ikke ægte"},
		{"expired", func(c *vchip.Config) { c.ExpiryDate = "261124" }, "udløb den 24.11.2026"},
		{"under 13", func(c *vchip.Config) { c.BirthDate = "131126" }, "under 13"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := citizenChip()
			tc.edit(&cfg)
			f := newIdentifyFixture(t, chipReader(t, cfg, true))
			f.toVerdict(cfg)
			v := f.c.verdict
			if got := v.verdict.Text + " " + v.blocks.Text; !strings.Contains(got, tc.want) {
				t.Errorf("verdict %q, want %q", got, tc.want)
			}
			test.Tap(v.face)
			if !v.issue.Disabled() {
				t.Fatal("a blocked document can get a code")
			}
			v.onIssue() // even a tap that got through issues nothing
			if f.c.current == f.c.activation || len(f.transport.keys) != 0 {
				t.Fatal("a code was requested for a blocked document")
			}
			recs := f.audit.all()
			if len(recs) != 1 || recs[0].Outcome != "blocked" || recs[0].Reason == "" {
				t.Fatalf("audit trail: %+v", recs)
			}
		})
	}
}

// TestIdentifyUnverified: without the issuer's certificate the chip cannot be checked;
// staff may go on only with a reason, which the audit trail keeps.
func TestIdentifyUnverified(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, false))
	f.toVerdict(cfg)
	v := f.c.verdict
	if v.verdict.Text != "Kunne ikke kontrolleres" || !v.reason.Visible() {
		t.Fatalf("verdict %q, reason field shown %v", v.verdict.Text, v.reason.Visible())
	}
	test.Tap(v.face)
	if !v.issue.Disabled() {
		t.Fatal("an unverified chip goes on without a reason")
	}
	v.reason.SetText("Passet kontrolleret under UV-lampe")
	f.tap(v.issue)
	if l := f.letter(); !codePattern.MatchString(strings.ReplaceAll(l, "\n", "-")) {
		t.Fatalf("letter:\n%s", l)
	}
	if recs := f.audit.all(); len(recs) != 2 || recs[0].Verdict != booking.VerdictUnverified ||
		recs[0].Reason != "Passet kontrolleret under UV-lampe" {
		t.Fatalf("audit trail: %+v", recs)
	}
}

// TestIdentifyScannedMRZ: a scanner types the MRZ lines and Enter; the read starts by
// itself. A misread check digit names the field.
func TestIdentifyScannedMRZ(t *testing.T) {
	cfg := citizenChip()
	// The read waits until the scanner's text is in: Fyne's test driver runs the read's
	// screen updates on the reading goroutine, while the entry still lays out its text.
	gate, chip := make(chan struct{}), chipReader(t, cfg, true)
	rd := IdentityReaderFunc(func(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
		<-gate
		return chip.ReadIdentity(ctx, key, progress)
	})
	f := newIdentifyFixture(t, rd)
	f.logIn(staffID, staffPIN)
	f.tap(f.c.queue.callNext)
	f.tap(f.c.queue.identify)
	lines, err := mrz.Compose(mrz.MRZ{Format: mrz.TD3, DocumentCode: "P", IssuingState: "DNK",
		DocumentNumber: cfg.DocumentNumber, BirthDate: cfg.BirthDate, ExpiryDate: cfg.ExpiryDate, Sex: "F",
		Nationality: "DNK", Surname: "TESTESEN", GivenNames: "ANNA SOFIE"})
	if err != nil {
		t.Fatal(err)
	}
	i := f.c.identify
	bad := strings.Replace(lines, "AB1234567", "AB1234568", 1)
	i.mrz.SetText(bad + "\n")
	f.c.Wait()
	if !strings.Contains(i.problem.Text, "dokumentnummeret passer ikke") || strings.Contains(i.problem.Text, "AB123") {
		t.Fatalf("problem %q", i.problem.Text)
	}
	i.mrz.SetText("")
	i.mrz.SetText(lines + "\n")
	close(gate)
	f.c.Wait()
	f.on(f.c.verdict, "verdict")
}

// TestIdentifyVisualOnly: a driving licence has no chip; staff record its type and number
// and the code is issued on a visual-only check, in English.
func TestIdentifyVisualOnly(t *testing.T) {
	f := newIdentifyFixture(t, chipReader(t, citizenChip(), true))
	f.logIn(staffID, staffPIN)
	f.tap(f.c.queue.callNext)
	f.tap(f.c.queue.identify)
	f.tap(f.c.identify.noChip)
	vf := f.c.identify.visual
	f.tap(vf.record)
	if !strings.Contains(vf.problem.Text, "dokumenttypen") {
		t.Fatalf("problem %q", vf.problem.Text)
	}
	vf.kind.SetSelected("Dansk kørekort")
	vf.number.SetText("12345678")
	f.tap(vf.record)
	f.on(f.c.verdict, "verdict")
	if f.c.verdict.verdict.Text != "Kun kontrolleret visuelt" {
		t.Fatalf("verdict %q", f.c.verdict.verdict.Text)
	}
	f.c.verdict.letter.SetSelected(letterEnglish)
	f.confirmAndIssue()
	if l := f.letter(); !strings.Contains(l, "MitID activation code") {
		t.Fatalf("letter:\n%s\nstatus %q", l, f.c.activation.status.Text)
	}
	if recs := f.audit.all(); len(recs) != 2 || recs[0].Method != booking.MethodVisual ||
		recs[0].DocumentType != "driving-licence" || recs[0].Verdict != booking.VerdictVisualOnly {
		t.Fatalf("audit trail: %+v", recs)
	}
}

// TestIdentifyLogoutDropsEverything: logging out on the verdict screen forgets the citizen.
func TestIdentifyLogoutDropsEverything(t *testing.T) {
	cfg := citizenChip()
	f := newIdentifyFixture(t, chipReader(t, cfg, true))
	f.toVerdict(cfg)
	f.c.logout()
	if f.c.verdict.id != nil || f.c.verdict.photo.Image != nil || f.c.identify.key != (reader.AccessKey{}) ||
		f.c.identify.number.Text != "" {
		t.Fatal("the citizen's data outlived the session")
	}
}

func TestAge(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		birth, now time.Time
		want       int
	}{
		{day(2013, 11, 25), day(2026, 11, 25), 13},
		{day(2013, 11, 26), day(2026, 11, 25), 12},
		{day(2012, 2, 29), day(2025, 2, 28), 12},
		{day(2012, 2, 29), day(2025, 3, 1), 13},
	} {
		if got := age(tc.birth, tc.now); got != tc.want {
			t.Errorf("age(%v, %v) = %d, want %d", tc.birth, tc.now, got, tc.want)
		}
	}
	// A document is valid through its expiry day.
	if b := ageAndExpiry(day(1980, 1, 1), day(2026, 11, 25), day(2026, 11, 25).Add(11*time.Hour)); len(b) != 0 {
		t.Errorf("valid on its expiry day: %v", b)
	}
}

// TestIdentifyScreensFit: the identify screen with three wrong fields, and the verdict of a
// blocked unverified passport with every line filled, fit the smallest counter screen.
func TestIdentifyScreensFit(t *testing.T) {
	for _, language := range Languages {
		t.Run(language, func(t *testing.T) {
			cfg := citizenChip()
			cfg.ExpiryDate = "200101"
			f := newIdentifyFixture(t, chipReader(t, cfg, false), func(o *CounterOptions) { o.Language = language })
			f.logIn(staffID, staffPIN)
			f.tap(f.c.queue.callNext)
			f.tap(f.c.queue.identify)
			i := f.c.identify
			i.number.SetText("AB-1")
			i.birth.SetText("991399")
			i.expiry.SetText("1")
			f.tap(i.read)
			checkFits(t, f.counterFixture, i)
			i.number.SetText(cfg.DocumentNumber)
			i.birth.SetText(cfg.BirthDate)
			i.expiry.SetText(cfg.ExpiryDate)
			f.tap(i.read)
			f.on(f.c.verdict, "verdict")
			f.c.verdict.reason.SetText("nr 1")
			f.c.verdict.blocks.SetText(f.c.verdict.blocks.Text + "\n" + blockText(blockUnder13, f.c.verdict.id))
			checkFits(t, f.counterFixture, f.c.verdict)
		})
	}
}
