// Package storagetest gives other packages' tests a real storage.DB in a temporary
// directory, so they exercise the same bbolt file, sealing and outbox as production.
package storagetest

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/storage"
)

// Open opens a new database (and key file) in t.TempDir() and closes it when the test ends.
// It fails the test if the database cannot be opened.
func Open(t testing.TB) *storage.DB {
	t.Helper()
	dir := t.TempDir()
	// t.TempDir makes its directories 0755; Open tightens that, and need not say so here.
	db, err := storage.Open(filepath.Join(dir, "kiosk.db"), storage.Options{KioskID: "test-kiosk", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("storagetest: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("storagetest: %v", err)
		}
	})
	return db
}
