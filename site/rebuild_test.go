package site

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
)

// TestRebuildCentralUnreachable: a new disk and no central. The desk starts anyway, and
// numbers from the reserve, above any number it may have issued before; a second start
// that day does not move the numbering again.
func TestRebuildCentralUnreachable(t *testing.T) {
	desk, db := openDesk(t, filepath.Join(dbDir(t), "desk.db"))
	c, err := central.NewClient(central.Options{URL: "http://" + freeAddr(t) + "/v1", Site: "demo", KioskID: "desk",
		MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var log bytes.Buffer
	r, err := Rebuild(context.Background(), db, c, nil, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil || !r.Reserved {
		t.Fatalf("Rebuild: %+v, %v; want the reserve", r, err)
	}
	if !strings.Contains(log.String(), "central out of reach") {
		t.Errorf("the log does not say the desk numbers from the reserve: %s", log.String())
	}
	v, err := desk.WalkIn(Caller{Client: "door", Key: "1"}, "pas")
	if err != nil || v.Ticket.Number != "A501" {
		t.Fatalf("first ticket %q (%v), want A501", v.Ticket.Number, err)
	}
	if r, err := Rebuild(context.Background(), db, c, nil, nil); err != nil || !r.Skipped {
		t.Fatalf("second start: %+v, %v; want skipped", r, err)
	}
	if v, err := desk.WalkIn(Caller{Client: "door", Key: "2"}, "pas"); err != nil || v.Ticket.Number != "A502" {
		t.Fatalf("after a second start: %q (%v), want A502", v.Ticket.Number, err)
	}
}

// TestRebuildLogsWhatItRestored: the log names the day, how many tickets and the highest
// number of each prefix, and no personal data.
func TestRebuildLogsWhatItRestored(t *testing.T) {
	_, db := openDesk(t, filepath.Join(dbDir(t), "old.db"))
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	old, err := central.NewClient(central.Options{URL: url, Site: "demo", KioskID: "desk"})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	d := NewDesk(db, nil, booking.DefaultRules())
	for i, s := range []string{"pas", "mitid", "pas"} {
		if _, err := d.WalkIn(Caller{Client: "door", Key: string(rune('a' + i))}, s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := central.NewSyncer(old, db, central.SyncOptions{}).Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, fresh := openDesk(t, filepath.Join(dbDir(t), "new.db"))
	var log bytes.Buffer
	r, err := Rebuild(context.Background(), fresh, old, nil, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil || r.Tickets != 3 {
		t.Fatalf("Rebuild: %+v, %v; want 3 tickets", r, err)
	}
	for _, want := range []string{"restored from central", "tickets=3", "A002", "B001", r.Day} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q: %s", want, log.String())
		}
	}
}
