package command

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// writeConfig writes a config file naming the kiosk id and returns its path.
func writeConfig(t *testing.T, kioskID string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte("kiosk_id = \""+kioskID+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A sync that dead-letters an event reports it and exits 1, even though it reached the
// server and delivered everything else.
func TestCmdSyncDeadLetterFails(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	issueTicket(t, data)
	issueTicket(t, data)
	db, err := storage.Open(filepath.Join(data, "kiosk.db"), storage.Options{KioskID: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingEvents(0)
	if err != nil || db.Close() != nil || len(pending) != 2 {
		t.Fatalf("pending %v, %v", pending, err)
	}
	// Another event under the first key reaches the server first, so the kiosk's own is
	// refused as a reused key: a dead letter.
	c, err := central.NewClient(central.Options{URL: url, Site: "demo", KioskID: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	intruder := api.Event{Key: pending[0].Key, Kind: api.KindCancelled, At: time.Now(), Ticket: api.Ticket{
		Number: "Z999", Day: booking.DayOf(time.Now()), Kind: "walk-in", Status: "cancelled", ServiceID: "pas"}}
	if res, err := c.Push(context.Background(), []api.Event{intruder}); err != nil || res[0].Status != api.ResultApplied {
		t.Fatalf("intruder: %+v, %v", res, err)
	}

	f := kioskFlags{config: writeConfig(t, "k1"), data: data, central: url}
	var out, errb bytes.Buffer
	if code := cmdSync(&f, []string{"--once"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1; stdout %q stderr %q", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "pushed 1 events / 0 pending / 1 dead letters") {
		t.Errorf("stdout %q", out.String())
	}
	if !strings.Contains(errb.String(), "1 events were moved to the dead letters in this sync") {
		t.Errorf("stderr %q does not say an event was dead-lettered", errb.String())
	}
	// The next sync dead-letters nothing more: it succeeds, and the count stays visible.
	out.Reset()
	errb.Reset()
	if code := cmdSync(&f, []string{"--once"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "1 dead letters") {
		t.Errorf("second sync: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

// A renamed kiosk with events waiting under its old id neither starts nor syncs; the
// message names both ids and what to set, and nothing is dead-lettered.
func TestRenamedKioskRefused(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	issueTicket(t, data) // as k1
	renamed := writeConfig(t, "k2")
	check := func(name string, code int, stderr string) {
		t.Helper()
		if code != 1 {
			t.Errorf("%s: exit %d, want 1; stderr %q", name, code, stderr)
		}
		for _, want := range []string{`kiosk_id = "k1"`, `"k2"`, "sync --once"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: message %q lacks %s", name, stderr, want)
			}
		}
	}
	var errb bytes.Buffer
	check("kiosk", Run([]string{"--config", renamed, "--data", data}, nil, &bytes.Buffer{}, &errb), errb.String())
	errb.Reset()
	f := kioskFlags{config: renamed, data: data, central: url}
	check("sync", cmdSync(&f, []string{"--once"}, &bytes.Buffer{}, &errb), errb.String())

	// Under the old id the event goes out; then the new id starts clean.
	var out bytes.Buffer
	f = kioskFlags{config: writeConfig(t, "k1"), data: data, central: url}
	if code := cmdSync(&f, []string{"--once"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "pushed 1 events / 0 pending / 0 dead letters") {
		t.Fatalf("sync as k1: exit %d, %q", code, out.String())
	}
	f = kioskFlags{config: renamed, data: data, central: url}
	if code := cmdSync(&f, []string{"--once"}, &out, &errb); code != 0 {
		t.Errorf("sync as k2 after the outbox emptied: exit %d, %q", code, errb.String())
	}
}

// A kiosk.db emptied beside its seal.key is an error naming the file, not a new database.
func TestEmptyDatabaseRefused(t *testing.T) {
	data := t.TempDir()
	issueTicket(t, data)
	path := filepath.Join(data, "kiosk.db")
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	if code := Run([]string{"--data", data}, nil, &bytes.Buffer{}, &errb); code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, errb.String())
	}
	if !strings.Contains(errb.String(), path) || !strings.Contains(errb.String(), "is empty") {
		t.Errorf("message %q does not name the file and what is wrong", errb.String())
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the file was written: %v, %v", fi, err)
	}
}
