package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/internal/codeissuer"
	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/printer/printertest"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
	"github.com/citizenkiosk/citizenkiosk/storage/storagetest"
)

// counterAudit keeps the counter's audit trail for the test.
type counterAudit struct{ records []booking.AuditRecord }

func (a *counterAudit) AppendAudit(r booking.AuditRecord) error {
	a.records = append(a.records, r)
	return nil
}

// counterRig is a counter on Fyne's test driver that reads the virtual chip through pcscd,
// asks a reference central server on loopback for codes, and prints to a TCP printer.
type counterRig struct {
	t       *testing.T
	c       *kiosk.Counter
	w       fyne.Window
	audit   *counterAudit
	letters <-chan []printer.DecodedLine
}

func newCounterRig(t *testing.T, ic *insertedChip) *counterRig {
	t.Helper()
	a := test.NewTempApp(t)
	db := storagetest.Open(t)
	clock := booking.ClockFunc(time.Now)
	desk := booking.NewDesk(db, clock, booking.DefaultRules())
	svc := booking.Service{ID: "mitid", NameDA: "MitID", NameEN: "MitID", Prefix: "B", Duration: 15 * time.Minute}
	if err := db.ReplaceDay(booking.DayOf(clock.Now()), []booking.Service{svc}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.WalkIn("mitid"); err != nil {
		t.Fatal(err)
	}
	url, _ := centraltest.Start(t)
	client, err := central.NewClient(central.Options{URL: url, Site: "demo", KioskID: centraltest.KioskID})
	if err != nil {
		t.Fatal(err)
	}
	trust := &auth.TrustStore{}
	if err := trust.AddBytes(ic.chip.PKI().CSCAPEM()); err != nil {
		t.Fatal(err)
	}
	rd := kiosk.IdentityReaderFunc(func(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
		return reader.ReadFromReader(ctx, ic.reader, key, reader.Options{Progress: progress, Trust: trust})
	})
	hash, err := staffpin.Hash("7351", staffpin.MinIterations)
	if err != nil {
		t.Fatal(err)
	}
	addr, letters := printertest.Listen(t)
	r := &counterRig{t: t, audit: &counterAudit{}, letters: letters}
	w := test.NewWindow(nil)
	r.c = kiosk.NewCounter(a, w, kiosk.CounterOptions{Desk: desk, Clock: clock, CounterName: "2",
		Staff: map[string]string{"1042": hash}, Refresh: time.Hour, IdleLogout: time.Hour,
		Reader: rd, Issuer: codeissuer.New(client, centraltest.KioskID, db, nil), Audit: r.audit,
		Printer: printer.NewTCP(addr), Centre: "Borgerservice Ærø"})
	w.SetContent(r.c.Content())
	w.Resize(fyne.NewSize(1280, 800))
	r.w = w
	t.Cleanup(func() {
		r.c.Stop()
		r.c.Wait()
		w.Close()
	})
	return r
}

// visit calls fn for every visible object on screen under root.
func visit(root fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if root == nil || !root.Visible() {
		return
	}
	fn(root)
	switch x := root.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			visit(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			visit(c, fn)
		}
	}
}

// find returns the first visible widget of type T on screen that matches.
func find[T fyne.CanvasObject](t *testing.T, root fyne.CanvasObject, what string, match func(T) bool) T {
	t.Helper()
	var found []T
	visit(root, func(o fyne.CanvasObject) {
		if v, ok := o.(T); ok && match(v) {
			found = append(found, v)
		}
	})
	if len(found) == 0 {
		t.Fatalf("%s is not on screen", what)
	}
	return found[0]
}

// tap taps the enabled button labelled text and waits for the work it started.
func (r *counterRig) tap(text string) {
	r.t.Helper()
	b := find(r.t, r.c.Content(), "button "+text, func(b *widget.Button) bool { return b.Text == text })
	if b.Disabled() {
		r.t.Fatalf("button %q is disabled", text)
	}
	test.Tap(b)
	r.c.Wait()
}

func (r *counterRig) typeInto(placeholder, text string) {
	r.t.Helper()
	find(r.t, r.c.Content(), "entry "+placeholder, func(e *widget.Entry) bool { return e.PlaceHolder == placeholder }).SetText(text)
}

// onScreen reports whether a visible label says text.
func (r *counterRig) onScreen(text string) bool {
	hit := false
	visit(r.c.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, text) {
			hit = true
		}
	})
	return hit
}

func (r *counterRig) identify(cfg vchip.Config) {
	r.t.Helper()
	for _, k := range "1042" {
		r.tap(string(k))
	}
	r.tap("OK")
	for _, k := range "7351" {
		r.tap(string(k))
	}
	r.tap("OK")
	r.tap("Kald næste")
	r.tap("Identificér")
	r.typeInto("Dokumentnummer", strings.TrimRight(cfg.DocumentNumber, "<"))
	r.typeInto("Fødselsdato", cfg.BirthDate)
	r.typeInto("Udløbsdato", cfg.ExpiryDate)
	r.tap("Læs chippen")
}

// TestCounterThroughPCSCD: the counter identifies the holder of the virtual passport
// through pcscd, a code comes from the reference server, and the letter reaches the
// printer with æ, ø and å intact and the code on it. A forged passport gets no code.
func TestCounterThroughPCSCD(t *testing.T) {
	cfg := specimen()
	cfg.ExpiryDate = time.Now().AddDate(3, 0, 0).Format("060102")
	cfg.Protocol = "pace"
	ic := insert(t, cfg)
	r := newCounterRig(t, ic)
	r.identify(cfg)
	if !r.onScreen("Ægte") || !r.onScreen("ANNA MARIA ERIKSSON") {
		t.Fatal("the verdict screen does not show a genuine document of Anna Maria Eriksson")
	}
	test.Tap(find(t, r.c.Content(), "face check", func(c *widget.Check) bool { return strings.HasPrefix(c.Text, "Ansigtet") }))
	r.tap("Udsted aktiveringskode")
	var letter strings.Builder
	select {
	case lines := <-r.letters:
		for _, l := range lines {
			letter.WriteString(l.Text + "\n")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no letter printed")
	}
	text := letter.String()
	code := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(text)
	if !strings.Contains(text, "Borgerservice Ærø") || !strings.Contains(text, "Gyldig til") || code == "" {
		t.Fatalf("letter:\n%s", text)
	}
	if len(r.audit.records) != 2 || r.audit.records[0].Verdict != booking.VerdictGenuine {
		t.Fatalf("audit trail: %+v", r.audit.records)
	}
}

func TestCounterForgedThroughPCSCD(t *testing.T) {
	cfg := specimen()
	cfg.ExpiryDate = time.Now().AddDate(3, 0, 0).Format("060102")
	cfg.Tamper = "clone"
	ic := insert(t, cfg)
	r := newCounterRig(t, ic)
	r.identify(cfg)
	if !r.onScreen("Ikke ægte") {
		t.Fatal("a forged passport is not shown as not genuine")
	}
	b := find(t, r.c.Content(), "issue button", func(b *widget.Button) bool { return b.Text == "Udsted aktiveringskode" })
	if !b.Disabled() || len(r.audit.records) != 1 || r.audit.records[0].Outcome != "blocked" {
		t.Fatalf("issue enabled %v, audit %+v", !b.Disabled(), r.audit.records)
	}
}

// TestCounterCardPulledAway: the passport leaves the reader in the middle of the photo.
// Staff read why, and Retry reads it once it is back; nothing is recorded before.
func TestCounterCardPulledAway(t *testing.T) {
	cfg := specimen()
	cfg.ExpiryDate = time.Now().AddDate(3, 0, 0).Format("060102")
	cfg.DropAfterBytes = 4000
	ic := insert(t, cfg)
	r := newCounterRig(t, ic)
	r.identify(cfg)
	if !r.onScreen("flyttet fra læseren") || len(r.audit.records) != 0 {
		t.Fatalf("no sentence for a card pulled away, or a record: %+v", r.audit.records)
	}
	// Put it back: the same passport (signed by the same PKI), this time left in place.
	ic.wait()
	back := cfg
	back.DropAfterBytes, back.PKI = 0, ic.chip.PKI()
	insert(t, back)
	r.tap("Prøv igen")
	if !r.onScreen("Ægte") {
		t.Fatal("the retry did not reach the verdict")
	}
}
