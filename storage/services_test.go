package storage

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// TestServiceTextsKept: the area and what to bring, in both languages, survive a pull and a
// reopen of the file.
func TestServiceTextsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := mustOpenAt(t, path)
	want := []booking.Service{{ID: "mitid", NameDA: "MitID", NameEN: "MitID", Prefix: "B", Duration: 15 * time.Minute,
		Area: "Venteområde B", AreaEN: "Waiting area B",
		BringDA: "Gyldigt billed-ID med chip.", BringEN: "Valid photo ID with a chip."}}
	if err := db.ReplaceDay(testDay, want, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path)
	got, err := db.Services()
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("services %+v (%v), want %+v", got, err, want)
	}
}

// TestServiceRecordFromBefore: a service stored before the texts had two languages (its
// Danish area only) still reads, with its area as the Danish text.
func TestServiceRecordFromBefore(t *testing.T) {
	db := mustOpen(t)
	old := `{"ID":"pas","NameDA":"Pas og kørekort","NameEN":"Passport","Prefix":"A","Duration":720000000000,"Area":"Venteområde A"}`
	err := db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketServices).Put(u32(0), []byte(old)) })
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Services()
	if err != nil || len(got) != 1 {
		t.Fatalf("services %+v, %v", got, err)
	}
	if s := got[0]; s.WaitingArea("en") != "Venteområde A" || s.AreaEN != "" || s.ToBring("da") != "" {
		t.Errorf("old record read as %+v", s)
	}
}
