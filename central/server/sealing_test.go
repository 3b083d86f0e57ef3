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
	"github.com/citizenkiosk/citizenkiosk/internal/seal"
)

// personal is every spelling of the test citizen's name and birth date that must not be
// found in a database file.
var personal = []string{"zebulonia", "quillfeather", "æbelø", "aebeloe",
	"1987-03-14", "14-03-1987", "14.03.1987", "140387", "14031987", "870314", "19870314"}

func sealTestCitizen() booking.Appointment {
	a := citizenAppt("odense")
	a.Citizen.GivenNames = "Zebulonia Æbelø"
	return a
}

// searchFile fails the test for each personal spelling found in the file's bytes.
func searchFile(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return searchBytes(t, filepath.Base(path), raw)
}

// searchBytes fails the test for each personal spelling found in raw.
func searchBytes(t *testing.T, name string, raw []byte) []byte {
	t.Helper()
	lower := bytes.ToLower(raw)
	for _, s := range personal {
		if bytes.Contains(lower, []byte(s)) {
			t.Errorf("%s contains %q", name, s)
		}
	}
	return lower
}

// TestRawFileHasNoPersonalData: centrald's file, searched byte by byte after the citizen
// was seeded twice (the first version then lies on freed pages) and served, holds neither
// the name nor the birth date in any common spelling.
func TestRawFileHasNoPersonalData(t *testing.T) {
	h := newHarness(t)
	a := sealTestCitizen()
	for range 2 {
		if err := h.srv.SeedSite("odense", "2026-11-25", demoServices(), []booking.Appointment{a}); err != nil {
			t.Fatal(err)
		}
	}
	resp, body := h.do(http.MethodGet, api.AppointmentsPath("odense", "2026-11-25"), "", nil, nil)
	var got api.AppointmentList
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &got) != nil || len(got.Appointments) != 1 ||
		got.Appointments[0].Citizen.GivenNames != a.Citizen.GivenNames || got.Appointments[0].Citizen.BirthDate != "1987-03-14" {
		t.Fatalf("the citizen is not served: %s %s", resp.Status, body)
	}
	h.stop()
	lower := searchBytes(t, "the store", rawStore(t, h))
	// Control: what is not personal is stored in clear, so the search reads real content.
	if !bytes.Contains(lower, []byte("passport")) || !bytes.Contains(lower, []byte("odense")) {
		t.Fatal("the service name and the site are not in the store: the search proves nothing")
	}
	info, err := os.Stat(keyFileOf(h))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v, want mode 0600", info, err)
	}
}

// TestKeyFileMustMatch: a sealed database does not open without its key file or with
// another one, and neither attempt changes the file or makes a new key.
func TestKeyFileMustMatch(t *testing.T) {
	h := newHarness(t)
	if err := h.srv.SeedSite("odense", "2026-11-25", demoServices(), []booking.Appointment{sealTestCitizen()}); err != nil {
		t.Fatal(err)
	}
	h.stop()
	before := rawStore(t, h)
	key := keyFileOf(h)
	if err := os.Rename(key, key+".saved"); err != nil {
		t.Fatal(err)
	}
	if _, err := New(h.path, Options{KeyFile: key}); !errors.Is(err, seal.ErrKeyMissing) {
		t.Errorf("without its key: %v, want seal.ErrKeyMissing", err)
	}
	if _, err := os.Stat(key); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a new key file was made for a sealed database: %v", err)
	}
	other := filepath.Join(t.TempDir(), "other.key")
	if _, err := seal.CreateKeyFile(other); err != nil {
		t.Fatal(err)
	}
	if _, err := New(h.path, Options{KeyFile: other}); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("with another key: %v, want ErrKeyMismatch", err)
	}
	if after := rawStore(t, h); !bytes.Equal(before, after) {
		t.Error("a refused open changed the store")
	}
	if err := os.Rename(key+".saved", key); err != nil {
		t.Fatal(err)
	}
	h.start() // and with its key it opens again
}

// TestSchema1IsSealedOnOpen: a file of the server before sealing (version 1, days in
// clear) opens, serves the same day, keeps its applied events, and no longer holds the
// citizen in clear anywhere in the file.
func TestSchema1IsSealedOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "central.db")
	writeSchema1(t, path)
	srv, err := New(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if evs, err := srv.AppliedEvents(); err != nil || len(evs) != 1 || evs[0].Key != "door-1/1" {
		t.Errorf("applied events after sealing: %v %v", evs, err)
	}
	h := &harness{t: t, path: path, srv: srv}
	h.http = newTestHTTP(t, srv)
	h.url = h.http.URL + api.BasePath
	_, body := h.do(http.MethodGet, api.AppointmentsPath("odense", "2026-11-25"), "", nil, nil)
	if !bytes.Contains(body, []byte("Zebulonia")) {
		t.Errorf("the day sealed on open is not served: %s", body)
	}
	h.stop()
	searchFile(t, path)
	if _, err := os.Stat(path + ".compact"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the compaction's temporary file is left: %v", err)
	}
}

// writeSchema1 writes a file as the server before sealing did: plain JSON days.
func writeSchema1(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := sealTestCitizen()
	sl, _ := json.Marshal(api.ServiceList{Services: []api.Service{api.FromService(demoServices()[0])}})
	al, _ := json.Marshal(api.AppointmentList{Day: "2026-11-25", Appointments: []api.Appointment{api.FromAppointment(a)}})
	ev, _ := json.Marshal(event("door-1", 1))
	err = db.Update(func(tx *bolt.Tx) error {
		put := func(bucket, k, v []byte) error {
			b, err := tx.CreateBucketIfNotExists(bucket)
			if err != nil {
				return err
			}
			return b.Put(k, v)
		}
		return errors.Join(
			put(bucketMeta, metaSchema, binary.BigEndian.AppendUint64(nil, 1)),
			put(bucketServices, []byte("odense"), sl),
			put(bucketDays, dayKey("odense", "2026-11-25"), al),
			put(bucketEvents, binary.BigEndian.AppendUint64(nil, 1), ev),
			put(bucketApplied, []byte("door-1/1"), []byte(`{"seq":1,"hash":"","appliedAt":"2026-11-25T10:00:00Z"}`)),
		)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	// The name is in the file in clear now, so the later search proves the sealing.
	if raw, _ := os.ReadFile(path); !bytes.Contains(raw, []byte("Zebulonia")) {
		t.Fatal("the version-1 file does not hold the name in clear: the test proves nothing")
	}
}
