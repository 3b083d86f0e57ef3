package command

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/site"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// deskLink is the desk a machine's screens work through: a site client, either of the
// centre's desk ([desk] url) or of a desk this process runs over its own database on
// loopback. Both are the same path: every screen talks HTTP to a desk.
type deskLink struct {
	client *site.Client
	close  func() // stops the in-process desk, if any, and frees the client
}

// rulesOf is the check-in rules of the config.
func rulesOf(cfg config.Config) booking.Rules {
	return booking.Rules{Early: cfg.CheckIn.Early.Duration, Late: cfg.CheckIn.Late.Duration,
		WalkInRatio: cfg.CheckIn.WalkInRatio, Counters: cfg.CheckIn.Counters}
}

// remoteDesk connects to the centre's desk with this machine's certificate.
func remoteDesk(cfg config.Config) (deskLink, error) {
	c, err := site.NewClient(site.ClientOptions{URL: cfg.Desk.URL, CA: cfg.Desk.CA,
		Cert: cfg.Desk.Cert, Key: cfg.Desk.Key})
	if err != nil {
		return deskLink{}, fmt.Errorf("desk %s: %w", cfg.Desk.URL, err)
	}
	return deskLink{client: c, close: c.Close}, nil
}

// localDesk runs a desk over db on a loopback port chosen by the system and returns a
// client of it. onChange (the syncer's Notify, or nil) runs after every command the desk
// applies: the one way the sync engine learns of a change.
func localDesk(cfg config.Config, db *storage.DB, onChange func()) (deskLink, error) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- site.Run(ctx, db, site.RunOptions{
			Serve:    site.ServeOptions{Addr: "127.0.0.1:0"},
			Rules:    rulesOf(cfg),
			Log:      slog.Default(),
			Ready:    func(a net.Addr) { ready <- a },
			OnChange: onChange,
		})
	}()
	var addr net.Addr
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		return deskLink{}, fmt.Errorf("in-process desk: %w", err)
	}
	c, err := site.NewClient(site.ClientOptions{URL: "http://" + addr.String(), Name: cfg.KioskID})
	if err != nil {
		cancel()
		<-done
		return deskLink{}, fmt.Errorf("in-process desk: %w", err)
	}
	return deskLink{client: c, close: func() {
		cancel()
		if err := <-done; err != nil {
			slog.Warn("in-process desk stopped", "err", err)
		}
		c.Close()
	}}, nil
}

// syncerState shows a syncer's status to the screens, which do not know package central.
type syncerState struct{ s *central.Syncer }

func (s syncerState) SyncState() kiosk.SyncState {
	st := s.s.Status()
	return kiosk.SyncState{Online: st.Online, Pending: st.Pending}
}

// openDesk gives the screens their desk. With [desk] url, the centre's desk owns the
// database and the sync, and this machine only talks to it. Without, this process runs
// both: a syncer over db when a central URL is configured, and a desk on loopback that
// wakes it after each command. status is nil when this process does not sync.
func openDesk(cfg config.Config, db *storage.DB) (link deskLink, status kiosk.SyncSource, err error) {
	if cfg.Desk.URL != "" {
		link, err = remoteDesk(cfg)
		return link, nil, err
	}
	if cfg.Central.URL == "" {
		link, err = localDesk(cfg, db, nil)
		return link, nil, err
	}
	syncer, err := newSyncer(cfg, db, nil)
	if err != nil {
		return deskLink{}, nil, err
	}
	// One sync before the first screen, so the day's appointments are there; offline, the
	// machine goes on with what it has cached.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	if err := syncer.Once(ctx); err != nil {
		slog.Warn("first sync failed; working offline", "err", err)
	}
	cancel()
	link, err = localDesk(cfg, db, syncer.Notify)
	if err != nil {
		return deskLink{}, nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = syncer.Run(ctx) }()
	closeDesk := link.close
	link.close = func() { closeDesk(); stop(); <-done }
	return link, syncerState{syncer}, nil
}
