package booking

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// counterDay is a desk at 10:00 with, in the queue: appointment tickets A001 (booked 9:50)
// and A002 (10:00), walk-in tickets A003 (9:40), B001 (9:45) and A004 (9:55), and
// appointment A005 checked in early for 10:20.
func counterDay(t *testing.T) (*Desk, *memStore, *fixedClock) {
	t.Helper()
	a1 := appt(1, "pas", at(9, 50), "Ida", Date{1980, 1, 1})
	a2 := appt(2, "pas", at(10, 0), "Bo", Date{1981, 1, 1})
	a5 := appt(5, "pas", at(10, 20), "Ib", Date{1982, 1, 1})
	desk, store, clock := newTestDesk(at(9, 30), a1, a2, a5)
	steps := []struct {
		at   time.Time
		do   func() (Visit, error)
		want string
	}{
		{at(9, 30), func() (Visit, error) { return desk.CheckInAppointment(a1) }, "A001"},
		{at(9, 35), func() (Visit, error) { return desk.CheckInAppointment(a2) }, "A002"},
		{at(9, 40), func() (Visit, error) { return desk.WalkIn("pas") }, "A003"},
		{at(9, 45), func() (Visit, error) { return desk.WalkIn("mitid") }, "B001"},
		{at(9, 55), func() (Visit, error) { return desk.WalkIn("pas") }, "A004"},
		{at(9, 56), func() (Visit, error) { return desk.CheckInAppointment(a5) }, "A005"},
	}
	for _, s := range steps {
		clock.t = s.at
		v, err := s.do()
		if err != nil || v.Ticket.Number != s.want {
			t.Fatalf("issue %s: got %q, %v", s.want, v.Ticket.Number, err)
		}
	}
	clock.t = at(10, 0)
	store.events = nil
	return desk, store, clock
}

func TestCallNextOrder(t *testing.T) {
	tests := []struct {
		name     string
		services []string
		want     []string // numbers called one after another, then ErrQueueEmpty
	}{
		// Due appointments first; a walk-in after every two (DefaultRules: ratio 2); the
		// early check-in last, when no one else waits.
		{"every service", nil, []string{"A001", "A002", "A003", "B001", "A004", "A005"}},
		{"passports only", []string{"pas"}, []string{"A001", "A002", "A003", "A004", "A005"}},
		{"MitID only", []string{"mitid"}, []string{"B001"}},
		{"a service no one waits for", []string{"koerekort"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desk, store, clock := counterDay(t)
			for i, want := range tt.want {
				clock.t = at(10, i) // a minute apart: the streak is rebuilt from CalledAt
				got, err := desk.CallNext("3", tt.services)
				if err != nil {
					t.Fatalf("call %d: %v", i+1, err)
				}
				if got.Number != want || got.Status != StatusCalled || got.Counter != "3" || !got.CalledAt.Equal(clock.t) {
					t.Fatalf("call %d: %s %s at counter %q at %v, want %s called at 3", i+1,
						got.Number, got.Status, got.Counter, got.CalledAt, want)
				}
				if n := len(store.events); n != i+1 || store.events[n-1].Kind != EventCalled || store.events[n-1].Ticket.Number != want {
					t.Fatalf("call %d: events %+v", i+1, store.events)
				}
			}
			if _, err := desk.CallNext("3", tt.services); !errors.Is(err, ErrQueueEmpty) {
				t.Errorf("after the queue: err = %v, want ErrQueueEmpty", err)
			}
		})
	}
}

func TestCallNextNeedsCounter(t *testing.T) {
	desk, store, _ := counterDay(t)
	if _, err := desk.CallNext("", nil); !errors.Is(err, ErrNoCounter) {
		t.Errorf("err = %v, want ErrNoCounter", err)
	}
	if len(store.events) != 0 {
		t.Errorf("events written: %+v", store.events)
	}
}

// TestCounterActions runs each action on a ticket in each status.
func TestCounterActions(t *testing.T) {
	type action struct {
		name string
		do   func(d *Desk, number string) (Ticket, error)
	}
	recall := action{"recall", (*Desk).Recall}
	start := action{"start", (*Desk).Start}
	noShow := action{"no-show", (*Desk).NoShow}
	finish := action{"finish", (*Desk).Finish}
	transfer := action{"transfer", func(d *Desk, n string) (Ticket, error) { return d.Transfer(n, "mitid") }}

	tests := []struct {
		from   []action // actions that bring A001 (called at 10:00) to its status
		act    action
		status TicketStatus // after act; ignored when err is set
		event  EventKind
		err    error
	}{
		{nil, recall, StatusCalled, EventCalled, nil},
		{nil, start, StatusServing, EventCalled, nil},
		{nil, noShow, StatusNoShow, EventNoShow, nil},
		{nil, finish, StatusDone, EventServed, nil},
		{nil, transfer, StatusIssued, EventTicketIssued, nil},
		{[]action{start}, recall, 0, "", ErrTicketState},
		{[]action{start}, start, 0, "", ErrTicketState},
		{[]action{start}, noShow, 0, "", ErrTicketState},
		{[]action{start}, finish, StatusDone, EventServed, nil},
		{[]action{start}, transfer, StatusIssued, EventTicketIssued, nil},
		{[]action{finish}, recall, 0, "", ErrTicketState},
		{[]action{finish}, finish, 0, "", ErrTicketState},
		{[]action{finish}, transfer, 0, "", ErrTicketState},
		{[]action{noShow}, start, 0, "", ErrTicketState},
		{[]action{noShow}, finish, 0, "", ErrTicketState},
		{[]action{transfer}, finish, 0, "", ErrTicketState},
		{[]action{transfer}, recall, 0, "", ErrTicketState},
	}
	for _, tt := range tests {
		name := tt.act.name
		for _, f := range tt.from {
			name = f.name + " then " + name
		}
		t.Run(name, func(t *testing.T) {
			desk, store, clock := counterDay(t)
			if _, err := desk.CallNext("3", nil); err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.from {
				clock.t = clock.t.Add(time.Minute)
				if _, err := f.do(desk, "A001"); err != nil {
					t.Fatalf("%s: %v", f.name, err)
				}
			}
			before := len(store.events)
			clock.t = clock.t.Add(time.Minute)
			got, err := tt.act.do(desk, "A001")
			if tt.err != nil {
				var se *TicketStateError
				if !errors.Is(err, tt.err) || !errors.As(err, &se) || se.Number != "A001" || se.Action != tt.act.name {
					t.Fatalf("err = %v, want %v naming A001 and %s", err, tt.err, tt.act.name)
				}
				if len(store.events) != before {
					t.Errorf("a refused action wrote an event")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.status {
				t.Errorf("status %s, want %s", got.Status, tt.status)
			}
			last := store.events[len(store.events)-1]
			if len(store.events) != before+1 || last.Kind != tt.event || last.Ticket != got {
				t.Errorf("event %s %+v, want %s with the returned ticket", last.Kind, last.Ticket, tt.event)
			}
			stored, err := desk.ticket(DayOf(clock.t), "A001")
			if err != nil || stored != got {
				t.Errorf("stored %+v (%v), want %+v", stored, err, got)
			}
		})
	}
}

func TestCounterActionTimes(t *testing.T) {
	desk, _, clock := counterDay(t)
	called, _ := desk.CallNext("3", nil)
	clock.t = at(10, 2)
	recalled, err := desk.Recall(called.Number)
	if err != nil || !recalled.CalledAt.Equal(at(10, 0)) || !recalled.RecalledAt.Equal(at(10, 2)) {
		t.Errorf("recall: CalledAt %v RecalledAt %v (%v); want 10:00 kept and 10:02", recalled.CalledAt, recalled.RecalledAt, err)
	}
	clock.t = at(10, 3)
	if _, err := desk.Start(called.Number); err != nil {
		t.Fatal(err)
	}
	clock.t = at(10, 15)
	done, err := desk.Finish(called.Number)
	if err != nil || !done.DoneAt.Equal(at(10, 15)) || !done.CalledAt.Equal(at(10, 0)) || done.Counter != "3" {
		t.Errorf("finish: %+v (%v)", done, err)
	}
}

func TestCounterActionUnknownTicket(t *testing.T) {
	desk, store, _ := counterDay(t)
	for name, do := range map[string]func() (Ticket, error){
		"recall":   func() (Ticket, error) { return desk.Recall("Z999") },
		"start":    func() (Ticket, error) { return desk.Start("Z999") },
		"no-show":  func() (Ticket, error) { return desk.NoShow("Z999") },
		"finish":   func() (Ticket, error) { return desk.Finish("Z999") },
		"transfer": func() (Ticket, error) { return desk.Transfer("Z999", "pas") },
	} {
		if _, err := do(); !errors.Is(err, ErrUnknownTicket) {
			t.Errorf("%s: err = %v, want ErrUnknownTicket", name, err)
		}
	}
	desk.CallNext("3", nil)
	if _, err := desk.Transfer("A001", "vielse"); !errors.Is(err, ErrUnknownService) {
		t.Errorf("transfer to an unknown service: err = %v", err)
	}
	if len(store.events) != 1 {
		t.Errorf("%d events, want only the call", len(store.events))
	}
}

// TestTransferKeepsPlace: a walk-in transferred to MitID goes ahead of MitID walk-ins who
// came after it, and behind those who came before.
func TestTransferKeepsPlace(t *testing.T) {
	desk, _, clock := counterDay(t)
	for _, want := range []string{"A001", "A002", "A003"} {
		if got, err := desk.CallNext("1", []string{"pas"}); err != nil || got.Number != want {
			t.Fatalf("call: %s %v, want %s", got.Number, err, want)
		}
	}
	clock.t = at(10, 5)
	moved, err := desk.Transfer("A003", "mitid") // issued 9:40, before B001 (9:45)
	if err != nil {
		t.Fatal(err)
	}
	if moved.ServiceID != "mitid" || moved.Status != StatusIssued || !moved.CalledAt.IsZero() || moved.Counter != "" {
		t.Errorf("transferred ticket %+v", moved)
	}
	line, err := desk.Line([]string{"mitid"})
	if err != nil || len(line) != 2 || line[0].Ticket.Number != "A003" || line[1].Ticket.Number != "B001" {
		t.Fatalf("MitID line %+v (%v), want A003 then B001", line, err)
	}
	if got, _ := desk.CallNext("2", []string{"mitid"}); got.Number != "A003" || got.Counter != "2" {
		t.Errorf("MitID counter called %s at %q, want A003 at 2", got.Number, got.Counter)
	}
}

func TestBoard(t *testing.T) {
	desk, _, clock := counterDay(t)
	call := func(counter string, m int) Ticket {
		t.Helper()
		clock.t = at(10, m)
		tk, err := desk.CallNext(counter, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	a1, a2, a3 := call("1", 0), call("2", 1), call("3", 2) // A001, A002, A003
	board := func() string {
		t.Helper()
		b, err := desk.Board(DayOf(clock.t))
		if err != nil {
			t.Fatal(err)
		}
		return numbers(b)
	}
	if got := board(); got != "A003 A002 A001" {
		t.Errorf("board %q, want newest first", got)
	}
	clock.t = at(10, 3)
	desk.Recall(a1.Number)
	if got := board(); got != "A001 A003 A002" {
		t.Errorf("after recalling A001: %q", got)
	}
	desk.NoShow(a2.Number)
	desk.Finish(a3.Number)
	if got := board(); got != "A001" {
		t.Errorf("after no-show of A002 and A003 served: %q, want both gone", got)
	}
	call("1", 4) // B001
	call("1", 5) // A004
	call("1", 6) // A005
	desk.Transfer("A005", "mitid")
	if got := board(); got != "A004 B001 A001" {
		t.Errorf("board %q, want the transferred A005 gone", got)
	}
	if at, found, err := desk.AtCounter("1"); err != nil || !found || at.Number != "A004" {
		t.Errorf("at counter 1: %s %v %v, want A004 (A005 was transferred)", at.Number, found, err)
	}
	if _, found, _ := desk.AtCounter("3"); found {
		t.Error("counter 3 finished A003 but is not free")
	}
}

func TestBoardSize(t *testing.T) {
	desk, _, clock := newTestDesk(at(9, 0))
	for i := range BoardSize + 3 {
		clock.t = at(9, i)
		if _, err := desk.WalkIn("pas"); err != nil {
			t.Fatal(err)
		}
	}
	for i := range BoardSize + 3 {
		clock.t = at(10, i)
		if _, err := desk.CallNext("1", nil); err != nil {
			t.Fatal(err)
		}
	}
	b, err := desk.Board(DayOf(clock.t))
	if err != nil || len(b) != BoardSize || b[0].Number != "A009" {
		t.Errorf("board %q (%v), want %d tickets from A009 down", numbers(b), err, BoardSize)
	}
}

// TestCallNextConcurrent: counters calling at once in one process never get one ticket twice.
func TestCallNextConcurrent(t *testing.T) {
	desk, store, clock := newTestDesk(at(9, 0))
	const n = 60
	for i := range n {
		clock.t = at(9, 0).Add(time.Duration(i) * time.Second)
		if _, err := desk.WalkIn(services[i%len(services)].ID); err != nil {
			t.Fatal(err)
		}
	}
	clock.t = at(10, 0)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[string]bool{}
	)
	for c := range 4 {
		wg.Go(func() {
			for {
				tk, err := desk.CallNext(fmt.Sprint(c+1), nil)
				if errors.Is(err, ErrQueueEmpty) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[tk.Number] {
					t.Errorf("%s called twice", tk.Number)
				}
				seen[tk.Number] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n || len(store.events) != 2*n {
		t.Errorf("%d tickets called, %d events; want %d and %d", len(seen), len(store.events), n, 2*n)
	}
}
