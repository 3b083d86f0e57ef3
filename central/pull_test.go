package central

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
)

// fakeCentral serves whatever bodies a test sets, with If-None-Match support, so that tests
// can send what the reference server never would.
type fakeCentral struct {
	mu           sync.Mutex
	services     string
	appointments string
	contentType  string
	gets         []string // "services" or "appointments", with "?" when conditional
}

func (f *fakeCentral) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var body string
	switch {
	case strings.HasSuffix(r.URL.Path, "/services"):
		body = f.services
	case strings.HasSuffix(r.URL.Path, "/appointments"):
		body = f.appointments
	case strings.HasSuffix(r.URL.Path, "/heartbeat"):
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		http.NotFound(w, r)
		return
	}
	name := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	sum := sha256.Sum256([]byte(body))
	etag := `"` + name + "-" + hex.EncodeToString(sum[:8]) + `"`
	if r.Header.Get(api.HeaderIfNoneMatch) != "" {
		name += "?"
	}
	f.gets = append(f.gets, name)
	w.Header().Set(api.HeaderETag, etag)
	if r.Header.Get(api.HeaderIfNoneMatch) == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	ct := f.contentType
	if ct == "" {
		ct = api.ContentTypeJSON
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write([]byte(body))
}

func (f *fakeCentral) set(fn func(f *fakeCentral)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
	f.gets = nil
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// demoLists returns the demo day as wire lists.
func demoLists(now time.Time) (api.ServiceList, api.AppointmentList, demo.Hints) {
	services, appts, hints := demo.Seed(now)
	var sl api.ServiceList
	for _, s := range services {
		sl.Services = append(sl.Services, api.FromService(s))
	}
	al := api.AppointmentList{Day: booking.DayOf(now)}
	for _, a := range appts {
		if a.Day() == al.Day {
			al.Appointments = append(al.Appointments, api.FromAppointment(a))
		}
	}
	return sl, al, hints
}

// noon keeps the demo day on one calendar day whenever the test runs.
var noon = booking.ClockFunc(func() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 12, 0, 0, 0, time.Local)
})

func TestPullSkipsInvalidRecords(t *testing.T) {
	sl, al, _ := demoLists(noon.Now())
	good := al.Appointments[5]
	badCode, otherDay, twice := al.Appointments[6], al.Appointments[7], al.Appointments[8]
	badCode.Code = "12345678" // wrong check digit
	otherDay.Start = otherDay.Start.Add(-24 * time.Hour)
	twice.ID = good.ID
	al.Appointments = []api.Appointment{good, badCode, otherDay, twice, al.Appointments[9]}
	badService := sl.Services[1]
	badService.Prefix = "ab"
	sl.Services = append(sl.Services, badService)

	f := &fakeCentral{services: mustJSON(t, sl), appointments: mustJSON(t, al)}
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	k := newKiosk(t, ts.URL, Options{}, SyncOptions{Clock: noon})
	rep, err := k.sync.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 4 || rep.Appointments != 2 || rep.Services != 4 {
		t.Fatalf("report %+v, want 4 skipped, 2 appointments, 4 services", rep)
	}
	for _, a := range []api.Appointment{good, al.Appointments[4]} {
		if _, err := k.db.AppointmentByCode(a.Code); err != nil {
			t.Errorf("valid appointment not stored: %v", err)
		}
	}
	for _, a := range []api.Appointment{badCode, otherDay, twice} {
		if got, err := k.db.AppointmentByCode(a.Code); err == nil && got.ID == a.ID && a.ID != good.ID {
			t.Errorf("invalid appointment %s stored", a.ID)
		}
	}
}

// TestPullBadAnswerStoresNothing: a malformed answer fails the sync with
// ErrMalformedResponse and leaves the stored day, the ETags and the outbox as they were.
func TestPullBadAnswerStoresNothing(t *testing.T) {
	sl, al, hints := demoLists(noon.Now())
	allBad := al
	allBad.Appointments = append([]api.Appointment(nil), al.Appointments...)
	for i := range allBad.Appointments {
		allBad.Appointments[i].Citizen.BirthDate = "1999-02-30"
	}
	wrongDay := al
	wrongDay.Day = "2001-01-01"
	tests := []struct {
		name string
		set  func(f *fakeCentral)
	}{
		{"malformed JSON", func(f *fakeCentral) { f.appointments = `{"day":"` + al.Day + `","appointments":[{"id":1}` }},
		{"wrong content type", func(f *fakeCentral) { f.contentType = "text/plain"; f.appointments += " " }},
		{"every record invalid", func(f *fakeCentral) { f.appointments = mustJSON(t, allBad) }},
		{"another day's list", func(f *fakeCentral) { f.appointments = mustJSON(t, wrongDay) }},
		{"services not a list", func(f *fakeCentral) { f.services = `{"services":{"id":"x"}}` }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeCentral{services: mustJSON(t, sl), appointments: mustJSON(t, al)}
			ts := httptest.NewServer(f)
			t.Cleanup(ts.Close)
			k := newKiosk(t, ts.URL, Options{}, SyncOptions{Clock: noon})
			if err := k.sync.Once(context.Background()); err != nil {
				t.Fatal(err)
			}
			keys := k.walkIns(t, 3)
			etag, _ := k.db.Meta(metaAppointmentsETag)

			f.set(tt.set)
			_, err := k.sync.Sync(context.Background())
			if !errors.Is(err, ErrMalformedResponse) {
				t.Fatalf("error %v, want ErrMalformedResponse", err)
			}
			if _, err := k.db.AppointmentByCode(hints.DueNow); err != nil {
				t.Errorf("the stored day was lost: %v", err)
			}
			if now, _ := k.db.Meta(metaAppointmentsETag); now != etag {
				t.Errorf("ETag changed from %q to %q", etag, now)
			}
			if got := k.keys(t); len(got) != len(keys) {
				t.Errorf("outbox holds %d, want %d", len(got), len(keys))
			}
			if st := k.sync.Status(); !st.Online || st.LastError == "" {
				t.Errorf("status %+v: a bad answer is still an answer", st)
			}
		})
	}
}

// TestPullConditional: unchanged lists cost two 304s; a change in one list fetches the
// other whole, since the day is replaced as a unit.
func TestPullConditional(t *testing.T) {
	sl, al, _ := demoLists(noon.Now())
	f := &fakeCentral{services: mustJSON(t, sl), appointments: mustJSON(t, al)}
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	k := newKiosk(t, ts.URL, Options{}, SyncOptions{Clock: noon})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.set(func(*fakeCentral) {})
	rep, err := k.sync.Sync(context.Background())
	if err != nil || !rep.NotModified || strings.Join(f.gets, ",") != "services?,appointments?" {
		t.Fatalf("unchanged: %+v %v, requests %v", rep, err, f.gets)
	}
	al.Appointments = al.Appointments[:3]
	f.set(func(f *fakeCentral) { f.appointments = mustJSON(t, al) })
	rep, err = k.sync.Sync(context.Background())
	if err != nil || rep.Appointments != 3 || rep.Services != len(sl.Services) {
		t.Fatalf("changed: %+v %v", rep, err)
	}
	if got := strings.Join(f.gets, ","); got != "services?,appointments?,services" {
		t.Errorf("requests %s", got)
	}
}
