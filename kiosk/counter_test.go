package kiosk

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
	"github.com/citizenkiosk/citizenkiosk/storage"
	"github.com/citizenkiosk/citizenkiosk/storage/storagetest"
)

// Staff of the counter tests. Their hashes use few iterations, so that tests stay fast.
const (
	staffID  = "1042"
	staffPIN = "7351"
)

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// at is the test day at hh:mm.
func at(hh, mm int) time.Time {
	return time.Date(now.Year(), now.Month(), now.Day(), hh, mm, 0, 0, now.Location())
}

// counterFixture is a counter on Fyne's test driver over a real database. At 10:06 the
// queue holds, in call order: A001 (booked 10:00) and A003 (10:05), the walk-ins A002
// (09:40) and B001 (09:45), then B002 checked in early for 10:10.
type counterFixture struct {
	t      testing.TB
	c      *Counter
	w      fyne.Window
	db     *storage.DB
	desk   *booking.Desk
	clock  *testClock
	issued int // outbox entries of the tickets the fixture issued
	opt    CounterOptions
}

func newCounterFixture(t testing.TB, edit ...func(*CounterOptions)) *counterFixture {
	t.Helper()
	a := test.NewTempApp(t)
	db := storagetest.Open(t)
	if err := db.ReplaceDay(booking.DayOf(now), testServices, testAppointments()); err != nil {
		t.Fatal(err)
	}
	clock := &testClock{t: at(9, 35)}
	desk := booking.NewDesk(db, clock, booking.DefaultRules())
	appts := map[string]booking.Appointment{}
	for _, ap := range testAppointments() {
		appts[ap.ID] = ap
	}
	for _, s := range []struct {
		at   time.Time
		appt string // or a walk-in for service
		svc  string
		want string
	}{
		{at(9, 35), "a1", "", "A001"},
		{at(9, 40), "", "pas", "A002"},
		{at(9, 45), "", "mitid", "B001"},
		{at(9, 50), "a5", "", "A003"},
		{at(9, 55), "a6", "", "B002"},
	} {
		clock.set(s.at)
		var v booking.Visit
		var err error
		if s.appt != "" {
			v, err = desk.CheckInAppointment(appts[s.appt])
		} else {
			v, err = desk.WalkIn(s.svc)
		}
		if err != nil || v.Ticket.Number != s.want {
			t.Fatalf("issue %s: %q %v", s.want, v.Ticket.Number, err)
		}
	}
	clock.set(at(10, 6))
	issued, err := db.PendingEvents(1000)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := staffpin.Hash(staffPIN, staffpin.MinIterations)
	if err != nil {
		t.Fatal(err)
	}
	opt := CounterOptions{Desk: desk, Clock: clock, CounterName: "3",
		Staff:   map[string]string{staffID: hash},
		Refresh: time.Hour, IdleLogout: time.Hour, Attempts: db}
	for _, e := range edit {
		e(&opt)
	}
	w := test.NewWindow(nil)
	c := NewCounter(a, w, opt)
	w.SetContent(c.Content())
	w.Resize(fyne.NewSize(1280, 800))
	f := &counterFixture{t: t, c: c, w: w, db: db, desk: desk, clock: clock, issued: len(issued), opt: opt}
	t.Cleanup(func() {
		c.Stop()
		c.Wait()
		w.Close()
		SetLanguage("da")
	})
	return f
}

func (f *counterFixture) tap(b *widget.Button) {
	f.t.Helper()
	tapAndWait(f.t, b, f.c.Wait)
}

// logIn types id, OK, pin, OK on the login keypad.
func (f *counterFixture) logIn(id, pin string) {
	f.t.Helper()
	keys := f.c.login.keys
	for _, r := range id {
		f.tap(keys[string(r)])
	}
	f.tap(keys[keyOK])
	for _, r := range pin {
		f.tap(keys[string(r)])
	}
	f.tap(keys[keyOK])
}

func (f *counterFixture) on(sc screen, name string) {
	f.t.Helper()
	if f.c.current != sc {
		f.t.Fatalf("screen is %T, want the %s screen (problem %q)", f.c.current, name, f.c.login.problem.Text)
	}
}

// events returns the outbox after the fixture's own tickets: kind, number, status.
func (f *counterFixture) events() string {
	f.t.Helper()
	entries, err := f.db.PendingEvents(1000)
	if err != nil {
		f.t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries[f.issued:] {
		b.WriteString(string(e.Event.Kind) + " " + e.Event.Ticket.Number + " " + e.Event.Ticket.Status.String() + "; ")
	}
	return b.String()
}

func (f *counterFixture) ticket(number string) booking.Ticket {
	f.t.Helper()
	ts, err := f.db.Tickets(booking.DayOf(now))
	if err != nil {
		f.t.Fatal(err)
	}
	for _, t := range ts {
		if t.Number == number {
			return t
		}
	}
	f.t.Fatalf("no ticket %s", number)
	return booking.Ticket{}
}

func TestCounterLogin(t *testing.T) {
	f := newCounterFixture(t)
	f.on(f.c.login, "login")
	if f.c.queue.callNext.Visible() && f.c.current == f.c.queue {
		t.Fatal("queue shown before login")
	}
	f.logIn(staffID, "0000")
	f.on(f.c.login, "login")
	if got := f.c.login.problem.Text; !strings.Contains(got, "Forkert") || !strings.Contains(got, "2 forsøg") {
		t.Errorf("after a wrong PIN: %q", got)
	}
	f.logIn("999", staffPIN) // someone else's PIN is as wrong as a wrong one
	f.on(f.c.login, "login")
	if got := f.c.login.problem.Text; !strings.Contains(got, "2 forsøg") {
		t.Errorf("after an unknown staff number, whose tries are its own: %q", got)
	}
	f.logIn(staffID, staffPIN)
	f.on(f.c.queue, "queue")
	if got := f.c.queue.who.Text; got != "Skranke 3 · Medarbejder 1042" {
		t.Errorf("who = %q", got)
	}
	if len(f.c.login.pin) != 0 || cap(f.c.login.pin) > 0 && f.c.login.pin[:1][0] != 0 {
		t.Error("the PIN is still held after login")
	}
	// Logging out goes back to a clean login.
	f.tap(f.c.queue.logout)
	f.on(f.c.login, "login")
	if f.c.queue.who.Text != "" || len(f.c.queue.places) != 0 {
		t.Error("the queue screen still shows the session after logout")
	}
}

// TestCounterPINNeverLogged logs in with a wrong and a right PIN and looks for them in the log.
func TestCounterPINNeverLogged(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(old) })
	f := newCounterFixture(t)
	f.logIn(staffID, "86420")
	f.logIn(staffID, staffPIN)
	f.on(f.c.queue, "queue")
	if !strings.Contains(buf.String(), "logged in") {
		t.Fatalf("nothing logged: %q", buf.String())
	}
	for _, pin := range []string{"86420", staffPIN} {
		if strings.Contains(buf.String(), pin) {
			t.Errorf("the log holds PIN %s:\n%s", pin, buf.String())
		}
	}
}

func TestCounterQueue(t *testing.T) {
	f := newCounterFixture(t)
	f.logIn(staffID, staffPIN)
	q := f.c.queue
	var got []string
	for _, p := range q.places {
		got = append(got, p.Ticket.Number)
	}
	if strings.Join(got, " ") != "A001 A003 A002 B001 B002" {
		t.Errorf("line %v, want appointments due, a walk-in after two, then the early one", got)
	}
	if q.waiting.Text != "Venter: 5" || q.places[0].Wait != 0 || q.places[4].Wait <= 0 {
		t.Errorf("waiting %q, waits %v and %v", q.waiting.Text, q.places[0].Wait, q.places[4].Wait)
	}
	if q.number.Text != "–" || !q.finish.Disabled() || q.callNext.Disabled() {
		t.Error("a free counter should offer only Call next")
	}

	// A001: called, then served.
	f.tap(q.callNext)
	if q.number.Text != "A001" || !q.callNext.Disabled() || q.recall.Disabled() || q.noShow.Disabled() {
		t.Fatalf("after Call next: number %q, buttons wrong", q.number.Text)
	}
	if !strings.Contains(q.state.Text, "10:06") || !strings.Contains(q.detail.Text, "Tid kl. 10:00") {
		t.Errorf("state %q, detail %q", q.state.Text, q.detail.Text)
	}
	f.tap(q.start)
	if q.state.Text != "Betjenes nu" || !q.noShow.Disabled() || q.finish.Disabled() {
		t.Errorf("after Start: state %q", q.state.Text)
	}
	f.tap(q.finish)
	if q.number.Text != "–" || q.message.Text != "A001 er færdig." {
		t.Errorf("after Finish: number %q, message %q", q.number.Text, q.message.Text)
	}
	if tk := f.ticket("A001"); tk.Status != booking.StatusDone || tk.Counter != "3" {
		t.Errorf("A001 stored as %s at %q", tk.Status, tk.Counter)
	}
	// A003 does not come; then the walk-in A002 has its turn.
	f.tap(q.callNext)
	f.tap(q.recall)
	f.tap(q.noShow)
	if tk := f.ticket("A003"); tk.Status != booking.StatusNoShow {
		t.Errorf("A003 stored as %s", tk.Status)
	}
	f.tap(q.callNext)
	if q.number.Text != "A002" {
		t.Errorf("third call: %s, want the walk-in A002", q.number.Text)
	}
	want := "called A001 called; called A001 serving; served A001 done; " +
		"called A003 called; called A003 called; no-show A003 no-show; called A002 called; "
	if got := f.events(); got != want {
		t.Errorf("outbox:\n got %s\nwant %s", got, want)
	}
	if len(q.places) != 2 || q.waiting.Text != "Venter: 2" {
		t.Errorf("line after three calls: %d, %q", len(q.places), q.waiting.Text)
	}
}

func TestCounterServices(t *testing.T) {
	f := newCounterFixture(t, func(o *CounterOptions) { o.Services = []string{"mitid"} })
	f.logIn(staffID, staffPIN)
	q := f.c.queue
	if len(q.places) != 2 || q.places[0].Ticket.Number != "B001" {
		t.Fatalf("MitID line %+v", q.places)
	}
	f.tap(q.callNext)
	f.tap(q.finish)
	f.tap(q.callNext)
	f.tap(q.finish)
	f.tap(q.callNext)
	if q.message.Text != "Der er ingen i kø." {
		t.Errorf("empty queue: message %q", q.message.Text)
	}
}

func TestCounterTransfer(t *testing.T) {
	f := newCounterFixture(t)
	f.logIn(staffID, staffPIN)
	q := f.c.queue
	f.tap(q.callNext) // A001, passport
	f.tap(q.start)
	f.tap(q.transfer)
	f.on(f.c.transfer, "transfer")
	if _, own := f.c.transfer.buttons["pas"]; own || f.c.transfer.title.Text != "Overfør A001" {
		t.Errorf("transfer offers its own service, or title %q", f.c.transfer.title.Text)
	}
	f.tap(f.c.transfer.buttons["mitid"])
	f.on(f.c.queue, "queue")
	if q.message.Text != "A001 venter nu på MitID." || q.number.Text != "–" {
		t.Errorf("after transfer: message %q, number %q", q.message.Text, q.number.Text)
	}
	tk := f.ticket("A001")
	if tk.Status != booking.StatusIssued || tk.ServiceID != "mitid" || tk.Counter != "" || !tk.CalledAt.IsZero() {
		t.Errorf("A001 stored as %+v", tk)
	}
	if got := f.events(); !strings.HasSuffix(got, "ticket-issued A001 issued; ") {
		t.Errorf("outbox %s", got)
	}
	// It keeps its place: booked 10:00, it is still first in line.
	if q.places[0].Ticket.Number != "A001" {
		t.Errorf("line starts with %s", q.places[0].Ticket.Number)
	}
	// Cancel leaves the ticket alone.
	f.tap(q.callNext)
	f.tap(q.transfer)
	f.tap(f.c.transfer.cancel)
	f.on(f.c.queue, "queue")
	if q.number.Text != "A001" {
		t.Errorf("after Cancel: %q", q.number.Text)
	}
}

// TestCounterMovedOn: another counter finished the ticket in the meantime.
func TestCounterMovedOn(t *testing.T) {
	f := newCounterFixture(t)
	f.logIn(staffID, staffPIN)
	q := f.c.queue
	f.tap(q.callNext)
	if _, err := f.desk.Finish("A001"); err != nil {
		t.Fatal(err)
	}
	f.tap(q.noShow)
	if !strings.Contains(q.message.Text, "flyttet videre") || q.number.Text != "–" {
		t.Errorf("message %q, number %q", q.message.Text, q.number.Text)
	}
}

func TestCounterIdleLogout(t *testing.T) {
	f := newCounterFixture(t)
	idled := make(chan struct{}, 1)
	f.c.afterIdle = func() { idled <- struct{}{} }
	f.logIn(staffID, staffPIN)
	// Armed here, once the login's work is done: the test driver runs fyne.Do on the
	// timer's goroutine, so an earlier expiry would race with it.
	f.c.idle.arm(20*time.Millisecond, f.c.expire)
	select {
	case <-idled:
	case <-time.After(5 * time.Second):
		t.Fatal("no idle logout")
	}
	f.on(f.c.login, "login")
	if f.c.staffID != "" {
		t.Error("still logged in")
	}
}

func TestCounterEnglish(t *testing.T) {
	f := newCounterFixture(t, func(o *CounterOptions) { o.Language = "en" })
	if got := f.c.login.title.Text; got != "Counter 3" {
		t.Errorf("title %q", got)
	}
	f.logIn(staffID, staffPIN)
	f.tap(f.c.queue.callNext)
	if got := f.c.queue.detail.Text; got != "Passport and driving licence · Booked for 10:00" {
		t.Errorf("detail %q", got)
	}
}
