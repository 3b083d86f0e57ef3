package storage

import (
	"path/filepath"
	"testing"
)

// BenchmarkOpen measures the start-up of a kiosk-sized database (a day of 500 appointments,
// 43 events waiting) with every check Open makes: permissions, a lost file, the consistency
// walk, the key check and the outbox's kiosk id.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "kiosk.db")
	db, err := Open(path, Options{KioskID: "k1", Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	seedDay(b, db, testDay, 500)
	issueN(b, db, 43)
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		db, err := Open(path, Options{KioskID: "k1", Logger: quiet})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenFileChecks measures the checks made before bbolt opens the file: three
// stats for the permissions and two for a lost database.
func BenchmarkOpenFileChecks(b *testing.B) {
	path := filepath.Join(b.TempDir(), "kiosk.db")
	db, err := Open(path, Options{KioskID: "k1", Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	key := filepath.Join(filepath.Dir(path), "seal.key")
	b.ReportAllocs()
	for b.Loop() {
		if err := checkFiles(path, key, quiet); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenOutboxCheck measures the outbox's kiosk-id check on the database Open
// would make it on: it reads and decodes the oldest pending entry.
func BenchmarkOpenOutboxCheck(b *testing.B) {
	db := mustOpen(b)
	issueN(b, db, 43)
	b.ReportAllocs()
	for b.Loop() {
		if err := db.checkOutboxOwner(); err != nil {
			b.Fatal(err)
		}
	}
}
