package booking

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkCallNext calls the next ticket from a day of dayTickets tickets, most of them
// waiting: one call reads the day, orders the queue and writes the ticket.
func BenchmarkCallNext(b *testing.B) {
	desk, store, _ := benchDesk(b, 0)
	clock := desk.clock.(*fixedClock)
	fill := func() {
		store.resetDay(DayOf(at(10, 0)))
		for i := range dayTickets {
			clock.t = at(8, 0).Add(time.Duration(i) * 20 * time.Second)
			if _, err := desk.WalkIn(services[i%len(services)].ID); err != nil {
				b.Fatal(err)
			}
		}
		clock.t = at(10, 0)
	}
	fill()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%(dayTickets/2) == 0 && i > 0 {
			b.StopTimer()
			fill()
			b.StartTimer()
		}
		if _, err := desk.CallNext(fmt.Sprint(1+i%4), nil); err != nil {
			b.Fatal(err)
		}
	}
}
