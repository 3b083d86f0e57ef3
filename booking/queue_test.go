package booking

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// wk is a waiting walk-in ticket issued at hh:mm.
func wk(number string, hh, mm int) Ticket {
	return Ticket{Number: number, Kind: KindWalkIn, ServiceID: "pas", IssuedAt: at(hh, mm)}
}

// ap is a waiting appointment ticket booked at bh:bm and checked in at 9:00.
func ap(number string, bh, bm int) Ticket {
	return Ticket{Number: number, Kind: KindAppointment, ServiceID: "pas", BookedAt: at(bh, bm), IssuedAt: at(9, 0)}
}

func numbers(ts []Ticket) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Number)
	}
	return b.String()
}

func TestOrderQueue(t *testing.T) {
	dueFive := []Ticket{ap("A5", 9, 20), ap("A3", 9, 10), ap("A1", 9, 0), ap("A4", 9, 15), ap("A2", 9, 5)}
	twoWalkIns := []Ticket{wk("W2", 8, 55), wk("W1", 8, 50)}
	tests := []struct {
		name    string
		waiting []Ticket
		ratio   int
		streak  int
		want    string
	}{
		{"appointments in booked order", dueFive, 2, 0, "A1 A2 A3 A4 A5"},
		{"walk-ins in arrival order", twoWalkIns, 2, 0, "W1 W2"},
		{"one walk-in after every two appointments", slices.Concat(dueFive, twoWalkIns), 2, 0, "A1 A2 W1 A3 A4 W2 A5"},
		{"ratio 1 alternates", slices.Concat(dueFive, twoWalkIns), 1, 0, "A1 W1 A2 W2 A3 A4 A5"},
		{"ratio 0: appointments strictly first", slices.Concat(dueFive, twoWalkIns), 0, 0, "A1 A2 A3 A4 A5 W1 W2"},
		{"streak carried over: walk-in now", slices.Concat(dueFive, twoWalkIns), 2, 2, "W1 A1 A2 W2 A3 A4 A5"},
		{"streak of one", slices.Concat(dueFive, twoWalkIns), 2, 1, "A1 W1 A2 A3 W2 A4 A5"},
		{"ratio 0 ignores streak", slices.Concat(dueFive, twoWalkIns), 0, 5, "A1 A2 A3 A4 A5 W1 W2"},
		{"early check-ins wait for their time", []Ticket{ap("E1", 10, 30), wk("W1", 9, 50), ap("A1", 9, 55)}, 2, 0, "A1 W1 E1"},
		{"early check-ins in booked order", []Ticket{ap("E2", 11, 0), ap("E1", 10, 30)}, 2, 0, "E1 E2"},
		{"booked exactly now is due", []Ticket{wk("W1", 9, 0), ap("A1", 10, 0)}, 2, 0, "A1 W1"},
		{"ties by number", []Ticket{wk("W2", 9, 0), wk("W1", 9, 0)}, 2, 0, "W1 W2"},
		{"empty", nil, 2, 0, ""},
	}
	now := at(10, 0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := Rules{WalkInRatio: tt.ratio, Counters: 1}
			in := slices.Clone(tt.waiting)
			got := Floor{Now: now, Waiting: in, Streak: tt.streak}.Order(rules)
			if numbers(got) != tt.want {
				t.Errorf("order %q, want %q", numbers(got), tt.want)
			}
			if numbers(in) != numbers(tt.waiting) {
				t.Errorf("Order changed its input")
			}
			if tt.streak == 0 && numbers(OrderQueue(tt.waiting, now, rules)) != tt.want {
				t.Errorf("OrderQueue differs from Floor.Order")
			}
		})
	}
}

// referenceWaits is Floor.Waits done the slow, obvious way: whenever a counter falls free,
// recompute the whole Order at that moment and call its head.
func referenceWaits(f Floor, rules Rules) []time.Duration {
	waits := make([]time.Duration, len(f.Waiting))
	free := make([]time.Time, rules.counters())
	for i := range free {
		free[i] = f.Now
	}
	remaining := slices.Clone(f.Waiting)
	for len(remaining) > 0 {
		c := 0
		for k := range free {
			if free[k].Before(free[c]) {
				c = k
			}
		}
		now := free[c]
		head := Floor{Now: now, Waiting: remaining, Streak: f.Streak}.Order(rules)[0]
		k := slices.IndexFunc(f.Waiting, func(t Ticket) bool { return t.Number == head.Number })
		waits[k] = now.Sub(f.Now)
		free[c] = now.Add(f.duration(head.ServiceID))
		remaining = slices.DeleteFunc(remaining, func(t Ticket) bool { return t.Number == head.Number })
		walkInLeft := slices.ContainsFunc(remaining, func(t Ticket) bool { return t.Kind != KindAppointment })
		switch {
		case head.Kind != KindAppointment:
			f.Streak = 0
		case !head.BookedAt.After(now) && walkInLeft:
			f.Streak++
		}
	}
	return waits
}

// TestWaitsMatchReference compares the fast simulation with referenceWaits on random floors.
func TestWaitsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	svc := []string{"pas", "mitid", "koerekort"}
	for trial := range 2000 {
		n := rng.IntN(10)
		var waiting []Ticket
		for i := range n {
			num := fmt.Sprint(i)
			var tk Ticket
			if rng.IntN(2) == 0 {
				tk = wk("W"+num, 9, rng.IntN(3))
			} else {
				tk = ap("A"+num, 9+rng.IntN(3), 15*rng.IntN(4))
			}
			tk.ServiceID = svc[rng.IntN(len(svc))]
			waiting = append(waiting, tk)
		}
		rules := Rules{WalkInRatio: rng.IntN(4), Counters: 1 + rng.IntN(3)}
		f := FloorOf(waiting, services, at(9, 30+rng.IntN(60)))
		f.Streak = rng.IntN(4)
		got, want := f.Waits(rules), referenceWaits(f, rules)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (%s, %+v, streak %d): waits %v, reference %v", trial, numbers(waiting), rules, f.Streak, got, want)
		}
	}
}

// TestQueueDoesNotStarveWalkIns calls tickets one by one through the Desk and the Store, so
// that the streak is rebuilt from the day's history after every call.
func TestQueueDoesNotStarveWalkIns(t *testing.T) {
	var appts []Appointment
	for i := range 12 {
		appts = append(appts, appt(100+i, "pas", at(9, 30+i), "X", Date{1990, 1, 1}))
	}
	desk, store, clock := newTestDesk(at(9, 0), appts...)
	if _, err := desk.WalkIn("mitid"); err != nil { // B001, waits from 9:00
		t.Fatal(err)
	}
	clock.t = at(9, 20)
	for _, a := range appts {
		if _, err := desk.CheckIn(a.Code); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := desk.WalkIn("mitid"); err != nil { // B002
		t.Fatal(err)
	}
	clock.t = at(10, 0) // every appointment is due
	var called []string
	for range 14 {
		q, err := desk.Queue()
		if err != nil || len(q) == 0 {
			t.Fatalf("queue: %v, %d waiting", err, len(q))
		}
		head := q[0]
		head.Status, head.CalledAt = StatusDone, clock.t
		if err := store.UpdateTicket(head, EventCalled); err != nil {
			t.Fatal(err)
		}
		called = append(called, head.Number)
		clock.t = clock.t.Add(time.Minute)
	}
	want := "A001 A002 B001 A003 A004 B002 A005 A006 A007 A008 A009 A010 A011 A012"
	if got := strings.Join(called, " "); got != want {
		t.Errorf("called %s\nwant   %s", got, want)
	}
}

func TestFloorOfStreak(t *testing.T) {
	called := func(tk Ticket, hh, mm int) Ticket {
		tk.Status, tk.CalledAt = StatusDone, at(hh, mm)
		return tk
	}
	tests := []struct {
		name    string
		tickets []Ticket
		want    int
	}{
		{"nothing called", []Ticket{ap("A1", 9, 0), wk("W1", 9, 0)}, 0},
		{"two appointments past a waiting walk-in", []Ticket{called(ap("A1", 9, 0), 9, 10), called(ap("A2", 9, 0), 9, 20), wk("W1", 9, 5)}, 2},
		{"only the one after the walk-in arrived counts", []Ticket{called(ap("A1", 9, 0), 9, 10), called(ap("A2", 9, 0), 9, 20), wk("W1", 9, 15)}, 1},
		{"a walk-in call resets", []Ticket{called(ap("A1", 9, 0), 9, 10), called(wk("W1", 9, 5), 9, 20), called(ap("A2", 9, 0), 9, 30), wk("W2", 9, 6)}, 1},
		{"walk-in waiting then called later still counts", []Ticket{called(ap("A1", 9, 0), 9, 10), called(wk("W1", 9, 5), 9, 40)}, 0},
	}
	for _, tt := range tests {
		if got := FloorOf(tt.tickets, services, at(10, 0)).Streak; got != tt.want {
			t.Errorf("%s: streak %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestEstimateWait(t *testing.T) {
	now := at(10, 0)
	ten := map[string]time.Duration{"pas": 10 * time.Minute, "mitid": 15 * time.Minute}
	m := time.Minute
	tests := []struct {
		name     string
		floor    Floor
		counters int
		want     []time.Duration
	}{
		{"empty", Floor{}, 3, []time.Duration{}},
		{"three counters, four walk-ins",
			Floor{Waiting: []Ticket{wk("W1", 9, 1), wk("W2", 9, 2), wk("W3", 9, 3), wk("W4", 9, 4)}}, 3,
			[]time.Duration{0, 0, 0, 10 * m}},
		{"one counter, index follows input not order",
			Floor{Waiting: []Ticket{wk("W3", 9, 3), wk("W1", 9, 1), wk("W2", 9, 2)}}, 1,
			[]time.Duration{20 * m, 0, 10 * m}},
		{"zero counters count as one",
			Floor{Waiting: []Ticket{wk("W1", 9, 1), wk("W2", 9, 2)}}, 0,
			[]time.Duration{0, 10 * m}},
		{"busy counter",
			Floor{Waiting: []Ticket{wk("W1", 9, 1)}, Busy: []time.Time{now.Add(5 * m)}}, 1,
			[]time.Duration{5 * m}},
		{"overdue counter counts as free now",
			Floor{Waiting: []Ticket{wk("W1", 9, 1)}, Busy: []time.Time{now.Add(-5 * m)}}, 1,
			[]time.Duration{0}},
		{"service durations differ",
			Floor{Waiting: []Ticket{{Number: "B1", Kind: KindWalkIn, ServiceID: "mitid", IssuedAt: at(9, 0)}, wk("W2", 9, 2)}}, 1,
			[]time.Duration{0, 15 * m}},
		{"unknown service takes the default",
			Floor{Waiting: []Ticket{{Number: "X1", ServiceID: "x", IssuedAt: at(9, 0)}, wk("W2", 9, 2)}}, 1,
			[]time.Duration{0, DefaultServiceDuration}},
		{"early check-in waits behind walk-ins until due",
			Floor{Waiting: []Ticket{ap("E1", 10, 15), wk("W1", 9, 1), wk("W2", 9, 2)}}, 1,
			[]time.Duration{20 * m, 0, 10 * m}},
		{"early check-in moves ahead once due",
			Floor{Waiting: []Ticket{ap("E1", 10, 5), wk("W1", 9, 1), wk("W2", 9, 2)}}, 1,
			[]time.Duration{10 * m, 0, 20 * m}},
		{"walk-in gets its turn by the ratio",
			Floor{Waiting: []Ticket{ap("A1", 9, 0), ap("A2", 9, 5), ap("A3", 9, 10), wk("W1", 9, 1)}}, 1,
			[]time.Duration{0, 10 * m, 30 * m, 20 * m}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.floor
			f.Now, f.Durations = now, ten
			got := f.Waits(Rules{WalkInRatio: 2, Counters: tt.counters})
			if !slices.Equal(got, tt.want) {
				t.Errorf("waits %v, want %v", got, tt.want)
			}
		})
	}
	if got := EstimateWait([]Ticket{wk("W1", 9, 1), wk("W2", 9, 2)}, now, Rules{Counters: 1}, ten); !slices.Equal(got, []time.Duration{0, 10 * m}) {
		t.Errorf("EstimateWait = %v", got)
	}
}
