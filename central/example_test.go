package central_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// A kiosk syncs once with a reference server on loopback: the day's appointments come in,
// the outbox goes out. A real kiosk gives an https:// URL and its certificate files.
func ExampleSyncer_Sync() {
	dir, _ := os.MkdirTemp("", "central-example")
	defer os.RemoveAll(dir)
	srv, _ := server.New(filepath.Join(dir, "central.db"), server.Options{})
	defer srv.Close()
	noon := time.Date(2026, 11, 25, 12, 0, 0, 0, time.Local)
	_, _ = srv.SeedDemo(noon)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	db, err := storage.Open(filepath.Join(dir, "kiosk.db"), storage.Options{KioskID: "kiosk-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	client, err := central.NewClient(central.Options{URL: ts.URL + api.BasePath, Site: server.DefaultSite, KioskID: "kiosk-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	syncer := central.NewSyncer(client, db, central.SyncOptions{
		Clock:  booking.ClockFunc(func() time.Time { return noon }),
		Logger: slog.New(slog.DiscardHandler),
	})
	rep, err := syncer.Sync(context.Background())
	fmt.Println(rep.Services, "services,", rep.Appointments, "appointments,", rep.Pending, "pending,", err)
	// Output: 4 services, 40 appointments, 0 pending, <nil>
}
