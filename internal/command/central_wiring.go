package command

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// demoCentral runs the reference central server in-process on a loopback port, seeded with
// the demo day, so that demo mode syncs over real HTTP exactly as a kiosk in a centre does.
// Its database and sealing key are the central system's, not the kiosk's: they live in a
// temporary directory of their own, removed by Close, never in the kiosk's data directory.
type demoCentral struct {
	srv   *server.Server
	http  *http.Server
	dir   string
	URL   string
	Hints demo.Hints
}

// legacyDemoCentralDB is where demo mode kept the demo central's database before it had a
// directory of its own: inside the kiosk's data directory, unsealed.
const legacyDemoCentralDB = "central-demo.db"

func startDemoCentral(dataDir string, now time.Time) (*demoCentral, error) {
	// Earlier versions left the demo central's file in the kiosk's data directory; it holds
	// only demo citizens, and nothing reads it any more.
	if err := os.Remove(filepath.Join(dataDir, legacyDemoCentralDB)); err == nil {
		slog.Info("removed the demo central's old database from the data directory", "file", legacyDemoCentralDB)
	}
	dir, err := os.MkdirTemp("", "citizenkiosk-demo-central-")
	if err != nil {
		return nil, fmt.Errorf("demo central: %w", err)
	}
	d := &demoCentral{dir: dir}
	if err := d.start(now); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return d, nil
}

func (d *demoCentral) start(now time.Time) error {
	srv, err := server.New(filepath.Join(d.dir, "central.db"), server.Options{})
	if err != nil {
		return fmt.Errorf("demo central: %w", err)
	}
	if d.Hints, err = srv.SeedDemo(now); err != nil {
		srv.Close()
		return fmt.Errorf("demo central: seed: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return fmt.Errorf("demo central: %w", err)
	}
	d.srv = srv
	d.http = &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	d.URL = "http://" + ln.Addr().String()
	go func() {
		if err := d.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("demo central stopped", "err", err)
		}
	}()
	return nil
}

// Close stops the server and removes its directory.
func (d *demoCentral) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = d.http.Shutdown(ctx)
	_ = d.srv.Close()
	_ = os.RemoveAll(d.dir)
}

// newSyncer connects the kiosk's store to the central API the config names.
func newSyncer(cfg config.Config, db *storage.DB, onStatus func(central.Status)) (*central.Syncer, error) {
	client, err := newCentralClient(cfg)
	if err != nil {
		return nil, err
	}
	return central.NewSyncer(client, db, central.SyncOptions{Version: Version, OnStatus: onStatus}), nil
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
		Staff: map[string]string{demoStaff: hash}, Centre: "Borgerservice Demo"}
}
