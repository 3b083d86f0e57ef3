package booking

import (
	"fmt"
	"testing"
	"time"
)

// benchDesk returns a desk over n appointments at 10:00 today, the clock at 10:00.
func benchDesk(b *testing.B, n int) (*Desk, *memStore, []string) {
	b.Helper()
	store := newMemStore(services)
	codes := make([]string, n)
	for i := range n {
		a := appt(i, services[i%len(services)].ID, at(10, 0), "Navn", Date{1950 + i%60, time.Month(1 + i%12), 1 + i%28})
		store.add(a)
		codes[i] = a.Code
	}
	return NewDesk(store, &fixedClock{at(10, 0)}, DefaultRules()), store, codes
}

// dayTickets is how many tickets a busy centre issues in a day; the benchmarks start the
// day over at this count so that the queue stays realistic however large b.N grows.
const dayTickets = 300

// BenchmarkCheckIn checks in distinct appointments among 100 000, each issuing a new ticket
// and computing its place and wait in a queue of up to dayTickets.
func BenchmarkCheckIn(b *testing.B) {
	desk, store, codes := benchDesk(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%dayTickets == 0 && i > 0 {
			b.StopTimer()
			store.resetDay(DayOf(at(10, 0)))
			b.StartTimer()
		}
		if _, err := desk.CheckIn(codes[(i*7919)%len(codes)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckInAgain is a second check-in late, which reads the day's tickets.
func BenchmarkCheckInAgain(b *testing.B) {
	desk, _, codes := benchDesk(b, 100_000)
	for i := range dayTickets {
		if _, err := desk.CheckIn(codes[i]); err != nil {
			b.Fatal(err)
		}
	}
	desk.clock = &fixedClock{at(11, 0)}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if v, err := desk.CheckIn(codes[i%dayTickets]); err != nil || !v.Again {
			b.Fatal(err)
		}
	}
}

func BenchmarkFloorWaits(b *testing.B) {
	for _, n := range []int{30, dayTickets} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var waiting []Ticket
			for i := range n {
				if i%3 == 0 {
					waiting = append(waiting, wk(fmt.Sprint("W", i), 9, i%60))
				} else {
					waiting = append(waiting, ap(fmt.Sprint("A", i), 9+i%3, i%60))
				}
			}
			f := FloorOf(waiting, services, at(10, 0))
			b.ReportAllocs()
			for b.Loop() {
				f.Waits(DefaultRules())
			}
		})
	}
}

func BenchmarkParseScan(b *testing.B) {
	payload := "]Q1BSK1:" + MakeBookingCode(5724041) + ";v=1\r\n"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseScan(payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFirstNameMatches(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		FirstNameMatches("soeren", "Søren Aabye")
	}
}
