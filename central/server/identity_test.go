package server

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// testCA is a CA in memory that signs kiosk certificates for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	now := time.Now().Add(-time.Hour)
	key, der, err := makeCert(&x509.Certificate{
		Subject: pkix.Name{CommonName: "test CA"}, NotBefore: now, NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// kioskCert signs a client certificate with CN kiosk and one URI per site.
func (ca *testCA) kioskCert(t *testing.T, kiosk string, sites ...string) tls.Certificate {
	t.Helper()
	now := time.Now().Add(-time.Hour)
	tmpl := &x509.Certificate{
		Subject: pkix.Name{CommonName: kiosk}, NotBefore: now, NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	for _, s := range sites {
		u, err := url.Parse(api.SiteURI(s))
		if err != nil {
			t.Fatal(err)
		}
		tmpl.URIs = append(tmpl.URIs, u)
	}
	key, der, err := makeCert(tmpl, ca.cert, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// siteServer is a server with the sites odense and aarhus seeded, behind mutual TLS.
func siteServer(t *testing.T) (*httptest.Server, *testCA, *Server) {
	t.Helper()
	ca := newTestCA(t)
	srv, _, _ := openTestServer(t, Options{Clock: booking.ClockFunc(func() time.Time { return testNow })})
	for _, site := range []string{"odense", "aarhus"} {
		if err := srv.SeedSite(site, "2026-11-25", demoServices(), []booking.Appointment{citizenAppt(site)}); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.TLS = &tls.Config{ClientCAs: ca.pool, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}
	ts.StartTLS()
	t.Cleanup(func() {
		ts.Close()
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
	})
	return ts, ca, srv
}

func demoServices() []booking.Service {
	return []booking.Service{{ID: "pas", NameDA: "Pas", NameEN: "Passport", Prefix: "A", Duration: 10 * time.Minute}}
}

// citizenAppt is a booked citizen of site with a name that appears nowhere else.
func citizenAppt(site string) booking.Appointment {
	start := time.Date(2026, 11, 25, 11, 0, 0, 0, testNow.Location())
	return booking.Appointment{ID: site + "-1", Code: booking.MakeBookingCode(19), ServiceID: "pas", Start: start,
		Duration: 10 * time.Minute, Citizen: booking.Citizen{GivenNames: "Zebulonia " + site, Surname: "Quillfeather",
			BirthDate: booking.Date{Year: 1987, Month: time.March, Day: 14}}}
}

// clientWith is an HTTPS client of ts presenting cert.
func clientWith(ts *httptest.Server, cert tls.Certificate) *http.Client {
	tr := ts.Client().Transport.(*http.Transport).Clone()
	tr.TLSClientConfig.Certificates = []tls.Certificate{cert}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// TestEveryEndpointBindsToTheCertificate: a kiosk of odense reaches odense's data and its
// own kiosk's endpoints; a kiosk of aarhus, a certificate without a site and one naming
// two sites get 403 on every endpoint, and no citizen's name in the answer.
func TestEveryEndpointBindsToTheCertificate(t *testing.T) {
	ts, ca, srv := siteServer(t)
	own := ca.kioskCert(t, "door-1", "odense")
	strangers := map[string]tls.Certificate{
		"kiosk of another site":       ca.kioskCert(t, "door-2", "aarhus"),
		"same kiosk id, another site": ca.kioskCert(t, "door-1", "aarhus"),
		"no site":                     ca.kioskCert(t, "door-1"),
		"two sites":                   ca.kioskCert(t, "door-1", "odense", "aarhus"),
		"site URI not a site id":      ca.kioskCert(t, "door-1", "odense/../aarhus"),
	}
	act := activationRequest()
	act.KioskID = "door-1"
	actBody, _ := json.Marshal(act)
	pushBody, _ := json.Marshal(api.PushRequest{KioskID: "door-1", Events: []api.Event{event("door-1", 1)}})
	type call struct {
		name, method, path string
		body               []byte
		want               int // for the certificate of the right kiosk and site
	}
	var calls []call
	seq := 0
	// Each round gets fresh keys, so that an activation under a used key is not the reason.
	next := func() []call {
		seq++
		return []call{
			{"services", http.MethodGet, api.ServicesPath("odense"), nil, http.StatusOK},
			{"appointments", http.MethodGet, api.AppointmentsPath("odense", "2026-11-25"), nil, http.StatusOK},
			{"unknown site", http.MethodGet, api.ServicesPath("nowhere"), nil, http.StatusForbidden},
			{"events", http.MethodPost, api.PathEvents, pushBody, http.StatusOK},
			{"activation", http.MethodPost, api.PathActivationCodes, actBody, http.StatusCreated},
			{"heartbeat", http.MethodPost, api.HeartbeatPath("door-1"), []byte(`{"version":"1","pendingEvents":0,"deadLetters":0}`), http.StatusNoContent},
			{"tickets", http.MethodGet, api.TicketsPath("odense", "2026-11-25"), nil, http.StatusOK},
		}
	}
	send := func(c *http.Client, cl call) (int, string) {
		t.Helper()
		req, err := http.NewRequest(cl.method, ts.URL+api.BasePath+cl.path, bytes.NewReader(cl.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", api.ContentTypeJSON)
		req.Header.Set(api.HeaderIdempotencyKey, "door-1/"+strconv.Itoa(seq))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// The right kiosk is seen first, so the registry binds door-1 to odense.
	if status, body := send(clientWith(ts, own), next()[5]); status != http.StatusNoContent {
		t.Fatalf("first heartbeat: %d %s", status, body)
	}
	for name, cert := range strangers {
		c := clientWith(ts, cert)
		calls = next()
		for _, cl := range calls {
			status, body := send(c, cl)
			if status != http.StatusForbidden || strings.Contains(body, "Zebulonia") {
				t.Errorf("%s, %s: %d %s; want 403 without personal data", name, cl.name, status, body)
			}
		}
	}
	if n, err := srv.EventCount("door-1/1"); err != nil || n != 0 {
		t.Fatalf("a stranger's push was applied %d times (%v)", n, err)
	}
	// Control: the right certificate gets every answer, so the 403s above are about binding.
	c := clientWith(ts, own)
	calls = next()
	for _, cl := range calls {
		status, body := send(c, cl)
		if status != cl.want {
			t.Errorf("own kiosk, %s: %d %s, want %d", cl.name, status, body, cl.want)
		}
		if cl.name == "appointments" && (!strings.Contains(body, "Zebulonia odense") || strings.Contains(body, "aarhus")) {
			t.Errorf("own site's appointments: %s", body)
		}
		if cl.name == "tickets" && !strings.Contains(body, `"number":"A001"`) {
			t.Errorf("own site's tickets lack the ticket door-1 pushed: %s", body)
		}
	}
}

// TestUnverifiedCertificateIsRefused: behind a listener that asks for a certificate but
// does not verify it, a self-made certificate naming odense reads nothing.
func TestUnverifiedCertificateIsRefused(t *testing.T) {
	ts, _, _ := siteServer(t)
	ts.Close()
	lax := httptest.NewUnstartedServer(ts.Config.Handler)
	lax.TLS = &tls.Config{ClientAuth: tls.RequestClientCert, MinVersion: tls.VersionTLS12}
	lax.StartTLS()
	defer lax.Close()
	selfMade := newTestCA(t).kioskCert(t, "door-1", "odense")
	resp, err := clientWith(lax, selfMade).Get(lax.URL + api.BasePath + api.AppointmentsPath("odense", "2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("unverified certificate: %s, want 403", resp.Status)
	}
}

// TestPlainHTTPBindsByRequest: without TLS (loopback only) nothing names the caller, so
// the request's own site and kiosk id are taken as they are.
func TestPlainHTTPBindsByRequest(t *testing.T) {
	h := newHarness(t)
	if err := h.srv.SeedSite("odense", "2026-11-25", demoServices(), []booking.Appointment{citizenAppt("odense")}); err != nil {
		t.Fatal(err)
	}
	if resp, body := h.do(http.MethodGet, api.AppointmentsPath("odense", "2026-11-25"), "", nil, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s", resp.Status, body)
	}
}

// TestRegistrySurvivesRestart: the site a kiosk id was first seen at is kept in the file,
// so a certificate for that kiosk id at another site is refused after a restart too.
func TestRegistrySurvivesRestart(t *testing.T) {
	srv, path, opts := openTestServer(t, Options{})
	if err := srv.bindKiosk("door-1", "odense"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	srv, err := New(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if err := srv.bindKiosk("door-1", "aarhus"); err == nil {
		t.Error("after a restart, door-1 of aarhus was accepted though registered at odense")
	}
	if err := srv.bindKiosk("door-1", "odense"); err != nil {
		t.Errorf("door-1 of odense after a restart: %v", err)
	}
}

func TestDevPKIBindsSite(t *testing.T) {
	f, err := WriteDevPKI(t.TempDir(), []string{"127.0.0.1"},
		KioskIdentity{Site: "odense", KioskID: "door-1"}, KioskIdentity{Site: "aarhus", KioskID: "desk"})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Clients) != 2 || f.ClientCert != f.Clients[0].Cert || f.Site != "odense" {
		t.Fatalf("%+v", f)
	}
	for _, c := range f.Clients {
		pair, err := tls.LoadX509KeyPair(c.Cert, c.Key)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := x509.ParseCertificate(pair.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		if kiosk, site, ok := identityOf(cert); !ok || kiosk != c.KioskID || site != c.Site {
			t.Errorf("%s: identity %q %q %v, want %+v", c.Cert, kiosk, site, ok, c.KioskIdentity)
		}
	}
	if _, err := WriteDevPKI(t.TempDir(), []string{"127.0.0.1"}, KioskIdentity{Site: "a/b", KioskID: "k"}); err == nil {
		t.Error("a site id with a slash was accepted")
	}
}
