package centraltest

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/server"
)

func TestStartPlain(t *testing.T) {
	url, srv := Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(url + api.ServicesPath(server.DefaultSite))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get(api.HeaderETag) == "" {
		t.Fatalf("%s", resp.Status)
	}
}

// client makes an HTTPS client that trusts the PKI's CA, with the kiosk's certificate if
// withCert.
func client(t *testing.T, pki server.PKIFiles, withCert bool) *http.Client {
	return clientOf(t, pki, pki, withCert)
}

// clientOf is client trusting trust's CA and holding own's kiosk certificate.
func clientOf(t *testing.T, trust, own server.PKIFiles, withCert bool) *http.Client {
	t.Helper()
	pki := own
	caPEM, err := os.ReadFile(trust.CACert)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM)
	cfg := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	if withCert {
		cert, err := tls.LoadX509KeyPair(pki.ClientCert, pki.ClientKey)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	tr := &http.Transport{TLSClientConfig: cfg}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

func TestStartTLSRequiresClientCertificate(t *testing.T) {
	url, srv, pki := StartTLS(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	services := url + api.ServicesPath(server.DefaultSite)

	if resp, err := client(t, pki, false).Get(services); err == nil {
		resp.Body.Close()
		t.Fatalf("without a client certificate: %s, want a refused handshake", resp.Status)
	}
	c := client(t, pki, true)
	resp, err := c.Get(services)
	if err != nil {
		t.Fatalf("with the client certificate: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("with the client certificate: %s", resp.Status)
	}

	// The certificate names the kiosk: it may speak for itself only.
	for _, tt := range []struct {
		kiosk string
		want  int
	}{{KioskID, http.StatusNoContent}, {"another-kiosk", http.StatusForbidden}} {
		resp, err := c.Post(url+api.HeartbeatPath(tt.kiosk), api.ContentTypeJSON,
			bytes.NewReader([]byte(`{"version":"t","pendingEvents":0,"deadLetters":0}`)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("heartbeat for %s: %s, want %d", tt.kiosk, resp.Status, tt.want)
		}
	}
}

// TestStartTLSRefusesOtherCA: a certificate from another CA (another installation's, or a
// self-made one) does not get in, whatever its CN.
func TestStartTLSRefusesOtherCA(t *testing.T) {
	url, _, pki := StartTLS(t)
	other, err := server.WriteDevPKI(t.TempDir(), []string{"127.0.0.1"},
		server.KioskIdentity{Site: server.DefaultSite, KioskID: KioskID})
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := clientOf(t, pki, other, true).Get(url + api.ServicesPath(server.DefaultSite)); err == nil {
		resp.Body.Close()
		t.Fatalf("certificate of another CA: %s, want a refused handshake", resp.Status)
	}
}

// TestStartTLSPushForAnotherKiosk: a kiosk cannot push events in another kiosk's name.
func TestStartTLSPushForAnotherKiosk(t *testing.T) {
	url, srv, pki := StartTLS(t)
	c := client(t, pki, true)
	for _, tt := range []struct {
		kiosk string
		want  int
	}{{KioskID, http.StatusOK}, {"another-kiosk", http.StatusForbidden}} {
		body := `{"kioskId":"` + tt.kiosk + `","events":[{"key":"` + tt.kiosk + `/1","kind":"called","at":"2026-11-25T10:00:00Z",` +
			`"ticket":{"number":"A001","day":"2026-11-25","kind":"walk-in","status":"called","serviceId":"pas","counter":"2"}}]}`
		resp, err := c.Post(url+api.PathEvents, api.ContentTypeJSON, bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("push as %s: %s, want %d", tt.kiosk, resp.Status, tt.want)
		}
	}
	if n, err := srv.EventCount("another-kiosk/1"); err != nil || n != 0 {
		t.Errorf("another kiosk's event applied %d times (%v)", n, err)
	}
	if n, err := srv.EventCount(KioskID + "/1"); err != nil || n != 1 {
		t.Errorf("own event applied %d times (%v)", n, err)
	}
}
