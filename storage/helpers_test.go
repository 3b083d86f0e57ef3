package storage

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

const testDay = "2026-11-25"

var quiet = slog.New(slog.DiscardHandler)

var cet = time.FixedZone("CET", 3600)

// mustOpen opens a new database in a temporary directory and closes it when the test ends.
func mustOpen(t testing.TB) *DB {
	t.Helper()
	return mustOpenAt(t, filepath.Join(t.TempDir(), "kiosk.db"))
}

// mustOpenAt opens the database at path with test options and closes it at the end.
func mustOpenAt(t testing.TB, path string) *DB {
	t.Helper()
	// Test directories are made 0755; the warning for tightening them is tested on its own.
	db, err := Open(path, Options{KioskID: "k1", Timeout: 500 * time.Millisecond, Logger: quiet})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func testServices() []booking.Service {
	return []booking.Service{
		{ID: "pas", NameDA: "Pas", NameEN: "Passport", Prefix: "A", Duration: 10 * time.Minute},
		{ID: "mitid", NameDA: "MitID", NameEN: "MitID", Prefix: "B", Duration: 15 * time.Minute},
		{ID: "kort", NameDA: "Sundhedskort", NameEN: "Health card", Prefix: "C", Duration: 5 * time.Minute},
	}
}

// testAppt makes appointment n on day at 9:00 + n minutes, for a citizen born on birth.
func testAppt(day string, n int, birth booking.Date) booking.Appointment {
	d, _ := time.ParseInLocation(time.DateOnly, day, cet)
	return booking.Appointment{
		ID:        fmt.Sprintf("%s-appt-%06d", day, n),
		Code:      fmt.Sprintf("%s%06d", day[8:], n),
		ServiceID: "pas",
		Start:     d.Add(9*time.Hour + time.Duration(n%480)*time.Minute),
		Duration:  10 * time.Minute,
		Citizen: booking.Citizen{
			GivenNames: fmt.Sprintf("Given%d Middle", n), Surname: fmt.Sprintf("Surname%d", n), BirthDate: birth,
		},
	}
}

// seedDay stores n appointments on day with birth dates spread over 1940–2007.
func seedDay(t testing.TB, db *DB, day string, n int) []booking.Appointment {
	t.Helper()
	appts := make([]booking.Appointment, n)
	for i := range appts {
		appts[i] = testAppt(day, i, birthOf(i))
	}
	if err := db.ReplaceDay(day, testServices(), appts); err != nil {
		t.Fatalf("ReplaceDay(%s, %d): %v", day, n, err)
	}
	return appts
}

func birthOf(i int) booking.Date {
	return booking.DateOf(time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i*7919)%24800))
}

func walkIn(day, service string) booking.Ticket {
	d, _ := time.ParseInLocation(time.DateOnly, day, cet)
	return booking.Ticket{Day: day, Kind: booking.KindWalkIn, ServiceID: service, IssuedAt: d.Add(10 * time.Hour)}
}

func sameAppointment(a, b booking.Appointment) bool {
	return a.ID == b.ID && a.Code == b.Code && a.ServiceID == b.ServiceID && a.Start.Equal(b.Start) &&
		a.Duration == b.Duration && a.Cancelled == b.Cancelled && a.Citizen == b.Citizen
}
