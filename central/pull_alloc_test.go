package central

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
)

// pullAllocBound is how many times the answer's size a pull may allocate on the kiosk:
// decoding, validation, sealing each appointment, its index entries and bbolt's pages.
// Holding the whole answer decoded and remapping bbolt inside the commit cost 67 times on
// this test's 20 000 (3.8 MB); streamed, without the remaps, 26. The margin is for other
// Go versions and bbolt's page layout, not for load: allocation does not depend on it.
const pullAllocBound = 40

// TestPullAllocationBounded: pulling a day of 20 000 appointments allocates within a bound
// relative to the answer's size. The answer is taken from the reference server once, then
// served as bytes, so that only the kiosk's side is counted.
func TestPullAllocationBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("pulls 20 000 appointments")
	}
	const n = 20_000
	central, srv := centraltest.Start(t)
	y, m, d := time.Now().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	services, _, _ := demoServices()
	if err := srv.Seed(booking.DayOf(day), services, dayOf100k(day)[:n]); err != nil {
		t.Fatal(err)
	}
	noon := SyncOptions{Clock: booking.ClockFunc(func() time.Time { return day.Add(12 * time.Hour) })}

	first := newKiosk(t, central, Options{AttemptTimeout: time.Minute}, noon)
	rec := &recordingTransport{base: first.faults.Base}
	first.faults.Base = rec
	var rep Report
	if err := first.sync.pull(context.Background(), &rep); err != nil || rep.Appointments != n {
		t.Fatalf("pull from the server: %v %+v", err, rep)
	}

	origin, err := url.Parse(central)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: origin.Scheme, Host: origin.Host})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/appointments") {
			proxy.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", api.ContentTypeJSON)
		_, _ = w.Write(rec.body)
	}))
	t.Cleanup(ts.Close)

	k := newKiosk(t, ts.URL+api.BasePath, Options{AttemptTimeout: time.Minute}, noon)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rep = Report{}
	err = k.sync.pull(context.Background(), &rep)
	runtime.ReadMemStats(&after)
	if err != nil || rep.Appointments != n {
		t.Fatalf("pull: %v %+v", err, rep)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	ratio := float64(alloc) / float64(len(rec.body))
	t.Logf("answer %d bytes, pull allocated %d bytes (%.1f times)", len(rec.body), alloc, ratio)
	if ratio > pullAllocBound {
		t.Errorf("the pull allocated %.1f times the answer's size, more than %d", ratio, pullAllocBound)
	}
}

// recordingTransport keeps the body of the last appointments answer.
type recordingTransport struct {
	base http.RoundTripper
	body []byte
}

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := rt.base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasSuffix(r.URL.Path, "/appointments") {
		return resp, err
	}
	b, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	rt.body = b
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}
