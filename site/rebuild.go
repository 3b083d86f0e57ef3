package site

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// TicketSource is where a desk that lost its database finds the day's tickets:
// *central.Client.
type TicketSource interface {
	Tickets(ctx context.Context, day string) (api.TicketList, error)
}

// ReservedNumbers is the floor a desk numbers from when it starts on a database with
// nothing of today and central cannot tell it what was issued: each prefix continues at
// ReservedNumbers+1 (A501), above what a centre issues before a desk is replaced, so no
// number on a slip already handed out is issued again.
const ReservedNumbers = 500

// rebuildTimeout bounds the wait for central at start: the centre opens on time with or
// without it.
const rebuildTimeout = 30 * time.Second

// allPrefixes are every prefix a service may have (api: one letter A–Z). A new disk holds
// no services until the first sync, so the reserve cannot be limited to the known ones.
var allPrefixes = func() []string {
	var out []string
	for c := 'A'; c <= 'Z'; c++ {
		out = append(out, string(c))
	}
	return out
}()

// Rebuilt says what Rebuild did.
type Rebuilt struct {
	Day      string
	Skipped  bool // the database had begun the day: nothing to rebuild
	Tickets  int  // tickets restored from central
	Reserved bool // central was out of reach: numbering starts after ReservedNumbers
}

// Rebuild prepares a desk's database before it serves. When the database holds nothing of
// today (a new disk after the old one died) it fetches today's tickets from src and
// writes them, with counters past the highest number, so the day's numbering continues
// and the tickets called before are known. If src cannot answer, it reserves the numbers
// up to ReservedNumbers instead. It logs what it did; an error means the database could
// not be written, and the desk should not serve on it.
func Rebuild(ctx context.Context, db *storage.DB, src TicketSource, clock booking.Clock, log *slog.Logger) (Rebuilt, error) {
	if clock == nil {
		clock = booking.SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := Rebuilt{Day: booking.DayOf(clock.Now())}
	started, err := db.DayStarted(r.Day)
	if err != nil {
		return r, fmt.Errorf("rebuild %s: %w", r.Day, err)
	}
	if started {
		r.Skipped = true
		return r, nil
	}
	fetchCtx, cancel := context.WithTimeout(ctx, rebuildTimeout)
	list, err := src.Tickets(fetchCtx, r.Day)
	cancel()
	if err != nil {
		if rerr := db.ReserveNumbers(r.Day, allPrefixes, ReservedNumbers); rerr != nil {
			return r, fmt.Errorf("rebuild %s: central: %v; reserve numbers: %w", r.Day, err, rerr)
		}
		r.Reserved = true
		log.Warn("desk rebuild: central out of reach; numbering today starts after the reserve",
			"day", r.Day, "reserved", ReservedNumbers, "err", err)
		return r, nil
	}
	tickets := make([]booking.Ticket, len(list.Tickets))
	for i, st := range list.Tickets {
		tickets[i] = st.Booking()
		if tickets[i].AppointmentID != "" {
			// The queue orders a checked-in citizen by the booked time; the appointments
			// the desk synced know it.
			if a, err := db.AppointmentByID(tickets[i].AppointmentID); err == nil {
				tickets[i].BookedAt = a.Start
			}
		}
	}
	if r.Tickets, err = db.RestoreDay(r.Day, tickets); err != nil {
		return r, fmt.Errorf("rebuild %s: %w", r.Day, err)
	}
	if len(tickets) == 0 {
		// Nothing issued yet today: mark the day begun, so a later start does not ask again
		// and, with central out of reach then, needlessly skip to the reserve.
		if err := db.ReserveNumbers(r.Day, allPrefixes, 0); err != nil {
			return r, fmt.Errorf("rebuild %s: %w", r.Day, err)
		}
	}
	log.Info("desk rebuild: today's tickets restored from central", "day", r.Day, "tickets", r.Tickets,
		"highest", highestNumbers(tickets))
	return r, nil
}

// highestNumbers lists the highest restored number of each prefix, for the log: ids only.
func highestNumbers(ts []booking.Ticket) []string {
	high := map[string]int{}
	var order []string
	for _, t := range ts {
		p, seq, err := storage.SplitNumber(t.Number)
		if err != nil {
			continue
		}
		if _, ok := high[p]; !ok {
			order = append(order, p)
		}
		high[p] = max(high[p], seq)
	}
	out := make([]string, len(order))
	for i, p := range order {
		out[i] = booking.FormatNumber(p, high[p])
	}
	return out
}
