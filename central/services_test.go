package central

import (
	"context"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
)

// TestSyncServiceTexts: where to sit and what to bring, in Danish and English, travel from
// the reference server over HTTP into the kiosk's database unchanged.
func TestSyncServiceTexts(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, url, Options{}, SyncOptions{})
	if _, err := k.sync.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := k.db.Services()
	if err != nil {
		t.Fatal(err)
	}
	if want := demo.Services(); !reflect.DeepEqual(got, want) {
		t.Errorf("stored services\n%+v\nwant\n%+v", got, want)
	}
	if got[1].ToBring("en") == "" || got[1].WaitingArea("en") != "Waiting area B" {
		t.Errorf("MitID texts lost: %+v", got[1])
	}
}

// TestSyncServiceFromOlderServer: a server that sends only the Danish "area" still tells
// citizens where to sit, in Danish whatever their language.
func TestSyncServiceFromOlderServer(t *testing.T) {
	_, al, _ := demoLists(noon.Now())
	services := `{"services":[{"id":"pas","nameDa":"Pas og kørekort","nameEn":"Passport and driving licence",` +
		`"prefix":"A","durationSeconds":720,"area":"Venteområde A"}]}`
	al.Appointments = nil
	f := &fakeCentral{services: services, appointments: mustJSON(t, al)}
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	k := newKiosk(t, ts.URL, Options{}, SyncOptions{Clock: noon})
	if _, err := k.sync.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := k.db.Services()
	if err != nil || len(got) != 1 {
		t.Fatalf("services %+v, %v", got, err)
	}
	if s := got[0]; s.WaitingArea("en") != "Venteområde A" || s.ToBring("da") != "" || !strings.HasPrefix(s.Name("en"), "Passport") {
		t.Errorf("stored %+v", s)
	}
}
