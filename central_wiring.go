package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// demoCentral runs the reference central server in-process on a loopback port, seeded with
// the demo day, so that demo mode syncs over real HTTP exactly as a kiosk in a centre does.
type demoCentral struct {
	srv   *server.Server
	http  *http.Server
	URL   string
	Hints demo.Hints
}

func startDemoCentral(dataDir string, now time.Time) (*demoCentral, error) {
	srv, err := server.New(filepath.Join(dataDir, "central-demo.db"), server.Options{})
	if err != nil {
		return nil, fmt.Errorf("demo central: %w", err)
	}
	hints, err := srv.SeedDemo(now)
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("demo central: seed: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("demo central: %w", err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("demo central stopped", "err", err)
		}
	}()
	return &demoCentral{srv: srv, http: hs, URL: "http://" + ln.Addr().String(), Hints: hints}, nil
}

func (d *demoCentral) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = d.http.Shutdown(ctx)
	_ = d.srv.Close()
}

// newSyncer connects the kiosk's store to the central API the config names.
func newSyncer(cfg config.Config, db *storage.DB, onStatus func(central.Status)) (*central.Syncer, error) {
	client, err := central.NewClient(central.Options{
		URL: cfg.Central.URL, Site: cfg.Site, KioskID: cfg.KioskID,
		ClientCert: cfg.Central.ClientCert, ClientKey: cfg.Central.ClientKey,
		CA: cfg.Central.CA, PinnedKey: cfg.Central.PinnedKey,
	})
	if err != nil {
		return nil, err
	}
	return central.NewSyncer(client, db, central.SyncOptions{Version: version, OnStatus: onStatus}), nil
}

// notifyingDesk wakes the syncer after every ticket, so a check-in reaches the central
// system within moments instead of at the next interval.
type notifyingDesk struct {
	*booking.Desk
	notify func()
}

func (d notifyingDesk) CheckIn(code string) (booking.Visit, error) {
	v, err := d.Desk.CheckIn(code)
	d.after(err)
	return v, err
}

func (d notifyingDesk) CheckInAppointment(a booking.Appointment) (booking.Visit, error) {
	v, err := d.Desk.CheckInAppointment(a)
	d.after(err)
	return v, err
}

func (d notifyingDesk) WalkIn(serviceID string) (booking.Visit, error) {
	v, err := d.Desk.WalkIn(serviceID)
	d.after(err)
	return v, err
}

func (d notifyingDesk) after(err error) {
	if err == nil && d.notify != nil {
		d.notify()
	}
}

// The demo counter's one member of staff. Demo data only: a real counter's staff and PIN
// hashes come from the config file (`citizenkiosk hash-pin`).
const (
	demoStaff = "1000"
	demoPIN   = "1234"
)

func demoCounter() config.Counter {
	hash, err := staffpin.Hash(demoPIN, 10_000) // few iterations: a demo PIN protects nothing
	if err != nil {
		panic(err) // demoPIN is a constant that staffpin.Hash accepts; a test covers it
	}
	return config.Counter{Name: "1", IdleLogout: config.Duration{Duration: 30 * time.Minute},
		Staff: map[string]string{demoStaff: hash}}
}
