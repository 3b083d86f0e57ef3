package command

import (
	"errors"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/site"
)

// TestDemoGoesThroughTheDesk: the demo's desk (openDesk, as cmdKiosk calls it) is a site
// client of a desk on loopback; a walk-in taken through that client reaches the central system within
// moments, because the desk wakes the syncer (the only wake-up there is); and once the
// desk is stopped the client finds it unreachable, so nothing went around HTTP.
func TestDemoGoesThroughTheDesk(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	dc, err := startDemoCentral(cfg.DataDir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	cfg.Central, cfg.Site = config.Central{URL: dc.URL}, server.DefaultSite
	db, err := openStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	link, status, err := openDesk(cfg, db)
	if err != nil {
		t.Fatal(err)
	}
	if status == nil || !status.SyncState().Online {
		t.Fatalf("sync status %v after the first sync with the demo central", status)
	}

	// The demo's screens get link.client (screens.desk is a *site.Client); they are not
	// opened here, since Fyne's test driver would run their first updates on the feed's
	// goroutine while this one still sets them up. TestCounterAgainstDeskProcess opens one.
	services, err := link.client.Services()
	if err != nil || len(services) == 0 {
		t.Fatalf("services through the desk: %v, %v", services, err)
	}
	if _, err := link.client.WalkIn(services[0].ID); err != nil {
		t.Fatal(err)
	}
	// The syncer's own interval is 15 s; the desk's wake-up sends the event at once.
	deadline := time.Now().Add(8 * time.Second)
	for {
		pending, _, err := db.OutboxStats()
		if err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d events still wait for central: the desk did not wake the syncer", pending)
		}
		time.Sleep(50 * time.Millisecond)
	}
	link.close()
	if _, err := link.client.Services(); !errors.Is(err, site.ErrDeskUnreachable) {
		t.Fatalf("services with the desk stopped: %v, want ErrDeskUnreachable", err)
	}
}

// TestRemoteDeskNeedsItsCertificates: a [desk] url over https without readable
// certificates is a config error at start, not a kiosk that fails at the first citizen.
func TestRemoteDeskNeedsItsCertificates(t *testing.T) {
	cfg := config.Default()
	cfg.Desk = config.Desk{URL: "https://desk.local:8443", CA: "/nonexistent/ca.pem",
		Cert: "/nonexistent/door.pem", Key: "/nonexistent/door-key.pem"}
	if _, _, err := openDesk(cfg, nil); !errors.Is(err, site.ErrConfig) {
		t.Fatalf("err %v, want site.ErrConfig", err)
	}
}
