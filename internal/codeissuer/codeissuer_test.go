package codeissuer

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/storage"
	"github.com/citizenkiosk/citizenkiosk/storage/storagetest"
)

func client(t *testing.T, url string) *central.Client {
	t.Helper()
	c, err := central.NewClient(central.Options{URL: url, Site: "demo", KioskID: centraltest.KioskID,
		MaxAttempts: 1, AttemptTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var request = kiosk.CodeRequest{Staff: "1042", DocumentType: "passport", IssuingState: "DNK",
	Protocol: "PACE", Authenticity: booking.VerdictGenuine, FaceConfirmed: true}

// TestKeysNeverRepeat: keys count on across a restart, keep up with the clock, and a
// database file restored from a backup (an older sequence) never hands out a key again.
func TestKeysNeverRepeat(t *testing.T) {
	path := t.TempDir() + "/kiosk.db"
	open := func() *storage.DB {
		db, err := storage.Open(path, storage.Options{KioskID: centraltest.KioskID})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	tick := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { tick = tick.Add(time.Nanosecond); return tick }
	still := func() time.Time { return time.Unix(1_700_000_000, 0) } // a clock that stands still
	db := open()
	s := New(nil, "odense-3", db, still)
	first, err := s.RequestKey()
	if err != nil || first != "odense-3/1700000000000000000" {
		t.Fatalf("first key %q, %v", first, err)
	}
	if next, _ := s.RequestKey(); next != "odense-3/1700000000000000001" {
		t.Fatalf("with the clock standing still the sequence counts on: %q", next)
	}
	db.Close()
	db = open()
	defer db.Close()
	if next, err := New(nil, "odense-3", db, still).RequestKey(); err != nil || next != "odense-3/1700000000000000002" {
		t.Fatalf("after reopening: %q, %v", next, err)
	}
	// A backup from before those keys: the sequence is gone, the clock is not.
	if err := db.SetMeta(metaKey, ""); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{first: true}
	s = New(nil, "odense-3", db, clock)
	for range 3 {
		key, err := s.RequestKey()
		if err != nil || seen[key] || key <= first {
			t.Fatalf("after a restore: %q (%v), already handed out or older", key, err)
		}
		seen[key] = true
	}
}

// TestIssueCode: a code from the reference server; the same key gets the same code.
func TestIssueCode(t *testing.T) {
	url, _ := centraltest.Start(t)
	s := New(client(t, url), centraltest.KioskID, storagetest.Open(t), nil)
	key, err := s.RequestKey()
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.IssueCode(context.Background(), key, request)
	if err != nil || a.Code == "" || a.UserIDHint == "" || a.ExpiresAt.IsZero() {
		t.Fatalf("IssueCode = %+v, %v", a, err)
	}
	b, err := s.IssueCode(context.Background(), key, request)
	if err != nil || b.Code != a.Code {
		t.Fatalf("a retry under the same key got another code (%v)", err)
	}
	visual := request
	visual.Protocol, visual.Authenticity, visual.DocumentType = api.ProtocolNone, booking.VerdictVisualOnly, "driving-licence"
	if _, err := s.IssueCode(context.Background(), key+"0", visual); err != nil {
		t.Fatalf("visual-only check refused: %v", err)
	}
}

// TestIssueCodeErrors: each refusal matches the sentinel the counter turns into a sentence.
func TestIssueCodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		want   error
	}{
		{"limit", http.StatusTooManyRequests, kiosk.ErrCodeLimit},
		{"not genuine", http.StatusUnprocessableEntity, kiosk.ErrCodeRefused},
		{"server failing", http.StatusServiceUnavailable, kiosk.ErrCentralUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/problem+json")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(`{"title":"refused"}`))
			}))
			t.Cleanup(ts.Close)
			s := New(client(t, ts.URL), centraltest.KioskID, storagetest.Open(t), nil)
			_, err := s.IssueCode(context.Background(), centraltest.KioskID+"/1", request)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	// Nothing listening: unavailable.
	ts := httptest.NewServer(http.NotFoundHandler())
	url := ts.URL
	ts.Close()
	s := New(client(t, url), centraltest.KioskID, storagetest.Open(t), nil)
	if _, err := s.IssueCode(context.Background(), centraltest.KioskID+"/1", request); !errors.Is(err, kiosk.ErrCentralUnavailable) {
		t.Fatalf("offline: %v", err)
	}
}
