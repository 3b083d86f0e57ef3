package server

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
)

func TestServicesConditionalGet(t *testing.T) {
	h := newHarness(t)
	if _, err := h.srv.SeedDemo(testNow); err != nil {
		t.Fatal(err)
	}
	resp, body := h.do(http.MethodGet, api.ServicesPath(DefaultSite), "", nil, nil)
	etag := resp.Header.Get(api.HeaderETag)
	if resp.StatusCode != http.StatusOK || len(etag) < 3 || etag[0] != '"' {
		t.Fatalf("%s, ETag %q", resp.Status, etag)
	}
	var list api.ServiceList
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	if got, err := list.Booking(); err != nil || len(got) != len(demo.Services()) || got[0] != demo.Services()[0] {
		t.Fatalf("services %v, %v", got, err)
	}
	tests := []struct {
		name, ifNoneMatch string
		want              int
	}{
		{"same tag", etag, http.StatusNotModified},
		{"weak form", "W/" + etag, http.StatusNotModified},
		{"in a list", `"other", ` + etag, http.StatusNotModified},
		{"any", "*", http.StatusNotModified},
		{"other tag", `"other"`, http.StatusOK},
		{"none", "", http.StatusOK},
	}
	for _, tt := range tests {
		hdr := map[string]string{}
		if tt.ifNoneMatch != "" {
			hdr[api.HeaderIfNoneMatch] = tt.ifNoneMatch
		}
		resp, body := h.do(http.MethodGet, api.ServicesPath(DefaultSite), "", nil, hdr)
		if resp.StatusCode != tt.want || resp.Header.Get(api.HeaderETag) != etag {
			t.Errorf("%s: %s ETag %q", tt.name, resp.Status, resp.Header.Get(api.HeaderETag))
		}
		if tt.want == http.StatusNotModified && len(body) != 0 {
			t.Errorf("%s: 304 with a body", tt.name)
		}
	}
	resp, body = h.do(http.MethodGet, api.ServicesPath("nowhere"), "", nil, nil)
	wantProblem(t, resp, body, http.StatusNotFound)
}

// TestETagAcrossRestart: same content, same ETag, whether the server restarted or the
// same day was seeded again; other content, another ETag.
func TestETagAcrossRestart(t *testing.T) {
	h := newHarness(t)
	services, appts, _ := demo.Seed(testNow)
	day := booking.DayOf(testNow)
	if err := h.srv.Seed(day, services, appts); err != nil {
		t.Fatal(err)
	}
	path := api.AppointmentsPath(DefaultSite, day)
	resp, body := h.do(http.MethodGet, path, "", nil, nil)
	etag := resp.Header.Get(api.HeaderETag)
	var list api.AppointmentList
	if err := json.Unmarshal(body, &list); err != nil || list.Validate() != nil || len(list.Appointments) != len(appts) {
		t.Fatalf("list of %d: %v", len(list.Appointments), err)
	}

	h.restart()
	resp, _ = h.do(http.MethodGet, path, "", nil, map[string]string{api.HeaderIfNoneMatch: etag})
	if resp.StatusCode != http.StatusNotModified || resp.Header.Get(api.HeaderETag) != etag {
		t.Fatalf("after restart: %s, ETag %q, want 304 and %q", resp.Status, resp.Header.Get(api.HeaderETag), etag)
	}
	if err := h.srv.Seed(day, services, appts); err != nil {
		t.Fatal(err)
	}
	resp, _ = h.do(http.MethodGet, path, "", nil, map[string]string{api.HeaderIfNoneMatch: etag})
	if resp.StatusCode != http.StatusNotModified {
		t.Fatalf("after re-seeding the same: %s", resp.Status)
	}
	appts[5].Cancelled = true
	if err := h.srv.Seed(day, services, appts); err != nil {
		t.Fatal(err)
	}
	resp, _ = h.do(http.MethodGet, path, "", nil, map[string]string{api.HeaderIfNoneMatch: etag})
	if resp.StatusCode != http.StatusOK || resp.Header.Get(api.HeaderETag) == etag {
		t.Fatalf("after a cancellation: %s, ETag unchanged: %v", resp.Status, resp.Header.Get(api.HeaderETag) == etag)
	}
}

func TestAppointmentsQuery(t *testing.T) {
	h := newHarness(t)
	if _, err := h.srv.SeedDemo(testNow); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		want, n    int
	}{
		{"demo day", api.AppointmentsPath(DefaultSite, "2026-11-25"), http.StatusOK, demo.Count},
		{"empty day", api.AppointmentsPath(DefaultSite, "2026-11-26"), http.StatusOK, 0},
		{"no day", "/sites/demo/appointments", http.StatusBadRequest, 0},
		{"bad day", api.AppointmentsPath(DefaultSite, "25-11-2026"), http.StatusBadRequest, 0},
		{"unknown site", api.AppointmentsPath("nowhere", "2026-11-25"), http.StatusNotFound, 0},
	}
	for _, tt := range tests {
		resp, body := h.do(http.MethodGet, tt.path, "", nil, nil)
		if tt.want != http.StatusOK {
			wantProblem(t, resp, body, tt.want)
			continue
		}
		var list api.AppointmentList
		if err := json.Unmarshal(body, &list); err != nil || list.Validate() != nil {
			t.Fatalf("%s: %v %v", tt.name, err, list.Validate())
		}
		if resp.StatusCode != tt.want || len(list.Appointments) != tt.n || resp.Header.Get(api.HeaderETag) == "" {
			t.Errorf("%s: %s, %d appointments, want %d", tt.name, resp.Status, len(list.Appointments), tt.n)
		}
	}
}

func TestSeedRefusesBadData(t *testing.T) {
	h := newHarness(t)
	services, appts, _ := demo.Seed(testNow)
	appts[3].Code = "12345678"
	if err := h.srv.Seed("2026-11-25", services, appts); !errors.Is(err, ErrInvalidSeed) {
		t.Errorf("bad code: %v", err)
	}
	_, appts, _ = demo.Seed(testNow)
	if err := h.srv.Seed("2026-11-24", services, appts); !errors.Is(err, ErrInvalidSeed) {
		t.Errorf("other day: %v", err)
	}
}

// TestNewRefusesBadFiles: a file that is not a bbolt database, or one from a newer server,
// is an error, not a crash, and is left as it was.
func TestNewRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	junk := bytes.Repeat([]byte("not a database "), 2000)
	if err := os.WriteFile(garbage, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	if srv, err := New(garbage, Options{}); err == nil {
		srv.Close()
		t.Fatal("garbage file opened")
	}
	if b, _ := os.ReadFile(garbage); !bytes.Equal(b, junk) {
		t.Error("garbage file was changed")
	}

	newer := filepath.Join(dir, "newer.db")
	db, err := bolt.Open(newer, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(metaSchema, binary.BigEndian.AppendUint64(nil, schemaVersion+1))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(newer, Options{}); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("newer schema: %v", err)
	}
}
