package site

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

func TestWalkInCallFinishOverMutualTLS(t *testing.T) {
	s := startSite(t)
	door, counter, board := s.client(t, "door"), s.client(t, "counter-1"), s.client(t, "board")
	v, err := door.WalkIn("pas")
	if err != nil {
		t.Fatal(err)
	}
	if v.Ticket.Number != "A001" || v.Service.NameEN != "Passport" || v.Ticket.Status != booking.StatusIssued {
		t.Fatalf("walk-in visit = %+v", v)
	}
	line, err := counter.Line(nil)
	if err != nil || len(line) != 1 || line[0].Ticket.Number != "A001" {
		t.Fatalf("Line = %+v, %v", line, err)
	}
	called, err := counter.CallNext("3", nil)
	if err != nil || called.Number != "A001" || called.Counter != "3" || called.Status != booking.StatusCalled {
		t.Fatalf("CallNext = %+v, %v", called, err)
	}
	b, err := board.Board(booking.DayOf(time.Now()))
	if err != nil || len(b) != 1 || b[0].Number != "A001" {
		t.Fatalf("Board = %+v, %v", b, err)
	}
	at, found, err := counter.AtCounter("3")
	if err != nil || !found || at.Number != "A001" {
		t.Fatalf("AtCounter = %+v, %v, %v", at, found, err)
	}
	if _, err := counter.Finish("A001"); err != nil {
		t.Fatal(err)
	}
	// The second finish fails as the domain says, across the wire.
	_, err = counter.Finish("A001")
	var state *booking.TicketStateError
	if !errors.As(err, &state) || state.Status != booking.StatusDone || !errors.Is(err, booking.ErrTicketState) {
		t.Fatalf("second Finish = %v, want a *TicketStateError saying done", err)
	}
	if _, err := counter.CallNext("3", nil); !errors.Is(err, booking.ErrQueueEmpty) {
		t.Fatalf("CallNext on an empty queue = %v, want ErrQueueEmpty", err)
	}
	if _, err := door.WalkIn("nope"); !errors.Is(err, booking.ErrUnknownService) {
		t.Fatalf("WalkIn(nope) = %v, want ErrUnknownService", err)
	}
}

func TestRolesAreEnforced(t *testing.T) {
	s := startSite(t)
	if _, err := s.client(t, "door").WalkIn("pas"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		machine string
		do      func(c *Client) error
	}{
		{"board", func(c *Client) error { _, err := c.CallNext("1", nil); return err }},
		{"board", func(c *Client) error { _, err := c.WalkIn("pas"); return err }},
		{"door", func(c *Client) error { _, err := c.CallNext("1", nil); return err }},
		{"counter-1", func(c *Client) error { _, err := c.WalkIn("pas"); return err }},
		{"nobody", func(c *Client) error { _, err := c.Services(); return err }},
	} {
		if err := tc.do(s.client(t, tc.machine)); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s: err = %v, want ErrForbidden", tc.machine, err)
		}
	}
	line, _ := s.client(t, "counter-1").Line(nil)
	if len(line) != 1 {
		t.Fatalf("a refused call changed the queue: %+v", line)
	}
}

func TestNoCertificateIsRefusedOutright(t *testing.T) {
	s := startSite(t)
	pool, err := loadPool(s.pki.CA())
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := hc.Get(s.url + "/v1/services")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a client without a certificate got status %d; want the handshake refused", resp.StatusCode)
	}
}

func TestPlainHTTPOnlyOnLoopback(t *testing.T) {
	if _, err := Listen(ServeOptions{Addr: "0.0.0.0:0"}); !errors.Is(err, ErrConfig) {
		t.Errorf("Listen plain on every interface = %v, want ErrConfig", err)
	}
	if _, err := NewClient(ClientOptions{URL: "http://192.0.2.1:8443"}); !errors.Is(err, ErrConfig) {
		t.Errorf("NewClient plain to a LAN address = %v, want ErrConfig", err)
	}
}

func TestDeskUnreachableThenBack(t *testing.T) {
	desk, _ := openDesk(t, filepath.Join(dbDir(t), "desk.db"))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nobody listens there now
	c, err := NewClient(ClientOptions{URL: "http://" + addr, Attempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WalkIn("pas"); !errors.Is(err, ErrDeskUnreachable) {
		t.Fatalf("WalkIn with no desk = %v, want ErrDeskUnreachable", err)
	}
	l, err = Listen(ServeOptions{Addr: addr})
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	serve(t, l, desk)
	if v, err := c.WalkIn("pas"); err != nil || v.Ticket.Number != "A001" {
		t.Fatalf("WalkIn once the desk is back = %+v, %v", v, err)
	}
}

func TestRetriedCommandGetsTheSameAnswer(t *testing.T) {
	s := startSite(t)
	door := s.client(t, "door")
	for range 3 {
		if _, err := door.WalkIn("pas"); err != nil {
			t.Fatal(err)
		}
	}
	counter := s.client(t, "counter-1")
	first, err := callWithKey(counter, "/v1/counters/3/call-next", "k-1", callNextRequest{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := callWithKey(counter, "/v1/counters/3/call-next", "k-1", callNextRequest{})
	if err != nil || again.Number != first.Number || again.CalledAt != first.CalledAt {
		t.Fatalf("retry = %+v, %v; want the first answer %+v", again, err, first)
	}
	// Another machine's key "k-1" is its own.
	other, err := callWithKey(s.client(t, "counter-2"), "/v1/counters/4/call-next", "k-1", callNextRequest{})
	if err != nil || other.Number == first.Number {
		t.Fatalf("counter-2 with the same key = %+v, %v", other, err)
	}
	if _, err := callWithKey(counter, "/v1/counters/5/call-next", "k-1", callNextRequest{}); !errors.Is(err, ErrKeyReused) {
		t.Fatalf("key reused for another counter = %v, want ErrKeyReused", err)
	}
	line, _ := counter.Line(nil)
	if len(line) != 1 {
		t.Fatalf("%d waiting, want 1: a retry called a ticket", len(line))
	}
}

// callWithKey sends a command with a key the test chooses, as a retry after a lost answer does.
func callWithKey(c *Client, path, key string, body any) (booking.Ticket, error) {
	var w wireTicket
	req := c.rc.R().SetHeader("Idempotency-Key", key).SetHeader("Content-Type", "application/json").SetBody(mustJSON(body))
	resp, err := req.Post(path)
	if err != nil {
		return booking.Ticket{}, err
	}
	if resp.StatusCode() >= 300 {
		return booking.Ticket{}, answerError(resp.StatusCode(), resp.Body())
	}
	if err := jsonUnmarshal(resp.Body(), &w); err != nil {
		return booking.Ticket{}, err
	}
	return w.domain()
}

func TestStreamTellsTheBoard(t *testing.T) {
	s := startSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	updates := s.client(t, "board").Changes(ctx)
	if u := <-updates; !u.Reset {
		t.Fatalf("first update = %+v, want a reset", u)
	}
	door, counter := s.client(t, "door"), s.client(t, "counter-1")
	if _, err := door.WalkIn("mitid"); err != nil {
		t.Fatal(err)
	}
	if _, err := counter.CallNext("2", nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for len(got) < 2 {
		u := <-updates
		if u.Down != nil || u.Reset {
			t.Fatalf("update %+v", u)
		}
		got = append(got, u.Change.Action+" "+u.Change.Ticket.Number)
	}
	if !slices.Equal(got, []string{"walk-in B001", "call-next B001"}) {
		t.Fatalf("stream = %q", got)
	}
}

// TestChangedFoldsUpdates: the screens' plain notifications say "read again" after a
// change, fold a burst into at most one waiting value, and close when ctx ends.
func TestChangedFoldsUpdates(t *testing.T) {
	s := startSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	news := s.client(t, "board").Changed(ctx)
	<-news // the first connection's reset
	door := s.client(t, "door")
	for range 5 {
		if _, err := door.WalkIn("mitid"); err != nil {
			t.Fatal(err)
		}
	}
	<-news // at least one notification for the burst
	cancel()
	for range news { // closes once ctx has ended, after at most one folded value
	}
	if !errors.Is(ErrDeskUnreachable, booking.ErrDeskUnreachable) {
		t.Error("site.ErrDeskUnreachable does not wrap booking.ErrDeskUnreachable: the screens would not see it")
	}
}

func TestHubResumesOrResets(t *testing.T) {
	h := newHub(booking.ClockFunc(func() time.Time { return time.UnixMicro(1000) }))
	for range 3 {
		h.publish("walk-in", booking.Ticket{})
	}
	if cs, ok, last, _ := h.since(1000); !ok || len(cs) != 2 || cs[0].ID != 1001 || last != 1002 {
		t.Errorf("since(1000) = %d changes, %v, last %d", len(cs), ok, last)
	}
	if cs, ok, _, _ := h.since(999); !ok || len(cs) != 3 {
		t.Errorf("since(999) = %d changes, %v; want all 3", len(cs), ok)
	}
	for _, id := range []uint64{0, 500, 5000} { // first connection, an older desk, a later one
		if _, ok, _, _ := h.since(id); ok {
			t.Errorf("since(%d) complete; want a reset", id)
		}
	}
	for range hubSize {
		h.publish("finish", booking.Ticket{})
	}
	if _, ok, _, _ := h.since(1001); ok {
		t.Error("since an id the hub dropped is complete; want a reset")
	}
}

func TestCounterActionsAreTheirOwnEvents(t *testing.T) {
	s := startSite(t)
	door, counter := s.client(t, "door"), s.client(t, "counter-1")
	if _, err := door.WalkIn("pas"); err != nil {
		t.Fatal(err)
	}
	steps := []func() (booking.Ticket, error){
		func() (booking.Ticket, error) { return counter.CallNext("1", nil) },
		func() (booking.Ticket, error) { return counter.Recall("A001") },
		func() (booking.Ticket, error) { return counter.Start("A001") },
		func() (booking.Ticket, error) { return counter.Transfer("A001", "mitid") },
		func() (booking.Ticket, error) { return counter.CallNext("1", nil) },
		func() (booking.Ticket, error) { return counter.NoShow("A001") },
	}
	for i, step := range steps {
		if _, err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	events, err := s.db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []booking.EventKind
	for _, e := range events {
		kinds = append(kinds, e.Event.Kind)
	}
	want := []booking.EventKind{booking.EventTicketIssued, booking.EventCalled, booking.EventRecalled,
		booking.EventServing, booking.EventTransferred, booking.EventCalled, booking.EventNoShow}
	if !slices.Equal(kinds, want) {
		t.Fatalf("outbox kinds = %v, want %v", kinds, want)
	}
}

func TestRetriedWalkInGetsTheSameTicket(t *testing.T) {
	s := startSite(t)
	door := s.client(t, "door")
	post := func(key string) wireVisit {
		t.Helper()
		resp, err := door.rc.R().SetHeader("Idempotency-Key", key).SetHeader("Content-Type", "application/json").
			SetBody(mustJSON(walkInRequest{ServiceID: "pas"})).Post("/v1/walk-ins")
		if err != nil || resp.StatusCode() != 200 {
			t.Fatalf("walk-in %s: %v, %v", key, resp, err)
		}
		var v wireVisit
		if err := jsonUnmarshal(resp.Body(), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	first, other, again := post("w1"), post("w2"), post("w1")
	if again.Ticket.Number != first.Ticket.Number || other.Ticket.Number == first.Ticket.Number {
		t.Fatalf("w1 = %s, w2 = %s, w1 again = %s", first.Ticket.Number, other.Ticket.Number, again.Ticket.Number)
	}
	if again.Service.ID != "pas" || again.Ahead != 0 {
		t.Fatalf("the replayed visit = %+v, want service pas, nobody ahead", again)
	}
	if line, _ := s.client(t, "counter-1").Line(nil); len(line) != 2 {
		t.Fatalf("%d tickets waiting, want 2", len(line))
	}
}

// TestStreamRecoversFromARestartedDesk: the stream says Down when the desk goes, and when
// a desk is back on the same address it says Reset (its ids are new), then carries on.
func TestStreamRecoversFromARestartedDesk(t *testing.T) {
	path := filepath.Join(dbDir(t), "desk.db")
	db, err := storage.Open(path, storage.Options{KioskID: "desk", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceDay(booking.DayOf(time.Now()), testServices(), nil); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	addr := freeAddr(t)
	start := func() context.CancelFunc {
		l, err := Listen(ServeOptions{Addr: addr})
		if err != nil {
			t.Skipf("the port was taken meanwhile: %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); _ = Serve(ctx, l, NewServer(NewDesk(db, nil, booking.DefaultRules()), nil)) }()
		return func() { cancel(); <-done }
	}
	stop := start()
	c, err := NewClient(ClientOptions{URL: "http://" + addr})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	updates := c.Changes(ctx)
	if u := <-updates; !u.Reset {
		t.Fatalf("first update %+v, want a reset", u)
	}
	stop()
	if u := <-updates; !errors.Is(u.Down, ErrDeskUnreachable) {
		t.Fatalf("update after the desk stopped = %+v, want Down", u)
	}
	stop = start()
	defer stop()
	for u := range updates {
		if u.Reset {
			break
		}
		if u.Down == nil {
			t.Fatalf("update %+v before the reset", u)
		}
	}
	if _, err := c.WalkIn("pas"); err != nil {
		t.Fatal(err)
	}
	if u := <-updates; u.Change.Action != "walk-in" {
		t.Fatalf("update after the restart = %+v, want the walk-in", u)
	}
}

func TestBadBirthDateIsNotEchoed(t *testing.T) {
	desk, _ := openDesk(t, filepath.Join(dbDir(t), "desk.db"))
	req := httptest.NewRequest(http.MethodPost, "/v1/appointments/search", strings.NewReader(`{"birthDate":"1980-02-30"}`))
	rec := httptest.NewRecorder()
	NewServer(desk, nil).ServeHTTP(rec, req)
	if rec.Code != http.StatusUnprocessableEntity || rec.Header().Get("Content-Type") != problemContentType {
		t.Fatalf("status %d, %s; want 422 as a problem", rec.Code, rec.Header().Get("Content-Type"))
	}
	if strings.Contains(rec.Body.String(), "1980") {
		t.Fatalf("the problem repeats the birth date: %s", rec.Body)
	}
	if err := answerError(rec.Code, rec.Body.Bytes()); !errors.Is(err, booking.ErrInvalidBirthDate) {
		t.Fatalf("the client reads %v, want ErrInvalidBirthDate", err)
	}
}

func TestCommandRecordsOfEarlierDaysArePurged(t *testing.T) {
	now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.Local)
	clock := booking.ClockFunc(func() time.Time { return now })
	_, db := openDesk(t, filepath.Join(dbDir(t), "desk.db"))
	desk := NewDesk(db, clock, booking.DefaultRules())
	if err := db.ReplaceDay(booking.DayOf(now), testServices(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.WalkIn(Caller{Client: "door", Key: "k"}, "pas"); err != nil {
		t.Fatal(err)
	}
	yesterday := storage.CommandKey{Day: booking.DayOf(now), Client: "door", Key: "k"}
	now = now.Add(24 * time.Hour)
	if err := db.ReplaceDay(booking.DayOf(now), testServices(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.WalkIn(Caller{Client: "door", Key: "k"}, "pas"); err != nil {
		t.Fatal(err)
	}
	if _, found, err := db.Command(yesterday); err != nil || found {
		t.Fatalf("yesterday's record: found %v, %v; want it purged", found, err)
	}
}
