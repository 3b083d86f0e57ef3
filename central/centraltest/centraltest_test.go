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
	t.Helper()
	caPEM, err := os.ReadFile(pki.CACert)
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
