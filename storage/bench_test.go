package storage

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

const benchAppointments = 100_000

// The lookup benchmarks share one database of 100 000 appointments, seeded once in one
// transaction: seeding per benchmark run would take longer than the measurements.
var bench struct {
	once  sync.Once
	dir   string
	db    *DB
	appts []booking.Appointment
	err   error
}

func seededBenchDB(b *testing.B) (*DB, []booking.Appointment) {
	b.Helper()
	bench.once.Do(func() {
		if bench.dir, bench.err = os.MkdirTemp("", "storage-bench-"); bench.err != nil {
			return
		}
		if bench.db, bench.err = Open(filepath.Join(bench.dir, "kiosk.db"), Options{}); bench.err != nil {
			return
		}
		bench.appts = make([]booking.Appointment, benchAppointments)
		for i := range bench.appts {
			bench.appts[i] = testAppt(testDay, i, birthOf(i))
		}
		bench.err = bench.db.ReplaceDay(testDay, testServices(), bench.appts)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.db, bench.appts
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.db != nil {
		_ = bench.db.Close()
	}
	if bench.dir != "" {
		_ = os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

func BenchmarkAppointmentByCode(b *testing.B) {
	db, appts := seededBenchDB(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := appts[(i*7919)%len(appts)]
		if _, err := db.AppointmentByCode(a.Code); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkAppointmentsByBirthDate(b *testing.B) {
	db, appts := seededBenchDB(b)
	b.ReportAllocs()
	i, found := 0, 0
	for b.Loop() {
		a := appts[(i*7919)%len(appts)]
		list, err := db.AppointmentsByBirthDate(testDay, a.Citizen.BirthDate)
		if err != nil || len(list) == 0 {
			b.Fatalf("AppointmentsByBirthDate = %d, %v", len(list), err)
		}
		found += len(list)
		i++
	}
	b.ReportMetric(float64(found)/float64(i), "appts/lookup")
}

func BenchmarkIssueTicket(b *testing.B) {
	db := mustOpen(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		// A new day every 900 tickets keeps numbers within three digits.
		day := testAppt(testDay, 0, booking.Date{}).Start.AddDate(0, 0, i/900).Format("2006-01-02")
		if _, _, err := db.IssueTicket(walkIn(day, "pas"), "A", booking.EventTicketIssued); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkReplaceDay100k(b *testing.B) {
	db := mustOpen(b)
	appts := make([]booking.Appointment, benchAppointments)
	for i := range appts {
		appts[i] = testAppt(testDay, i, birthOf(i))
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := db.ReplaceDay(testDay, testServices(), appts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchAppointments)*float64(b.N)/b.Elapsed().Seconds(), "appts/s")
}

// BenchmarkOpen100k measures start-up on a day of 100 000 appointments.
func BenchmarkOpen100k(b *testing.B) {
	db, _ := seededBenchDB(b)
	// A directory of the kiosk's own, as Open requires (0700, nothing else in it).
	dir := b.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "kiosk.db")
	if err := db.bolt.View(func(tx *bolt.Tx) error { return tx.CopyFile(path, 0o600) }); err != nil {
		b.Fatal(err)
	}
	key := filepath.Join(bench.dir, "seal.key")
	b.ReportAllocs()
	for b.Loop() {
		db, err := Open(path, Options{KeyFile: key, Logger: quiet})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "MiB")
	}
}
