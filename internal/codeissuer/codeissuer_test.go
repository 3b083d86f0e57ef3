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

// TestKeysCountOnAcrossRestarts: keys are KIOSK-ID/1, /2, ... and a reopened database
// goes on from the last one handed out.
func TestKeysCountOnAcrossRestarts(t *testing.T) {
	path := t.TempDir() + "/kiosk.db"
	open := func() *storage.DB {
		db, err := storage.Open(path, storage.Options{KioskID: centraltest.KioskID})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	s := New(nil, "odense-3", db)
	for _, want := range []string{"odense-3/1", "odense-3/2"} {
		if got, err := s.RequestKey(); err != nil || got != want {
			t.Fatalf("RequestKey = %q, %v; want %q", got, err, want)
		}
	}
	db.Close()
	db = open()
	defer db.Close()
	if got, err := New(nil, "odense-3", db).RequestKey(); err != nil || got != "odense-3/3" {
		t.Fatalf("after reopening: %q, %v", got, err)
	}
}

// TestIssueCode: a code from the reference server; the same key gets the same code.
func TestIssueCode(t *testing.T) {
	url, _ := centraltest.Start(t)
	s := New(client(t, url), centraltest.KioskID, storagetest.Open(t))
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
			s := New(client(t, ts.URL), centraltest.KioskID, storagetest.Open(t))
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
	s := New(client(t, url), centraltest.KioskID, storagetest.Open(t))
	if _, err := s.IssueCode(context.Background(), centraltest.KioskID+"/1", request); !errors.Is(err, kiosk.ErrCentralUnavailable) {
		t.Fatalf("offline: %v", err)
	}
}
