// Package centraltest runs the reference central server (central/server) on loopback for
// tests of the kiosk's client and sync engine: plain HTTP with Start, mutual TLS with a
// freshly generated PKI with StartTLS. Faults are injected by the test between client and
// server (a RoundTripper or a TCP proxy); the server itself behaves.
package centraltest

import (
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/server"
)

// KioskID is the CN of the client certificate StartTLS makes, for site server.DefaultSite;
// with mutual TLS the server accepts only requests for that kiosk and that site.
const KioskID = "kiosk-test"

// Start runs a server on a bbolt file in t.TempDir() over plain HTTP on 127.0.0.1 and
// returns its base URL (ending in api.BasePath) and the server, for seeding and queries.
// Both are closed by t.Cleanup.
func Start(t testing.TB) (url string, srv *server.Server) {
	return StartWith(t, server.Options{})
}

// StartWith is Start with options, for a fixed clock or a logger.
func StartWith(t testing.TB, opts server.Options) (url string, srv *server.Server) {
	t.Helper()
	srv = open(t, opts)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL + api.BasePath, srv
}

// StartTLS runs a server like Start but over mutual TLS: a new development PKI is written
// to t.TempDir() (CA, a server certificate for 127.0.0.1 and localhost, and one client
// certificate with CN KioskID for site server.DefaultSite), and the server requires a client certificate from that CA.
// The returned files are what the kiosk side configures.
func StartTLS(t testing.TB) (url string, srv *server.Server, pki server.PKIFiles) {
	t.Helper()
	pki, err := server.WriteDevPKI(filepath.Join(t.TempDir(), "pki"), []string{"127.0.0.1", "localhost", "::1"},
		server.KioskIdentity{Site: server.DefaultSite, KioskID: KioskID})
	if err != nil {
		t.Fatalf("centraltest: %v", err)
	}
	cfg, err := server.TLSConfig(pki.ServerCert, pki.ServerKey, pki.CACert)
	if err != nil {
		t.Fatalf("centraltest: %v", err)
	}
	srv = open(t, server.Options{})
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.TLS = cfg
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts.URL + api.BasePath, srv, pki
}

func open(t testing.TB, opts server.Options) *server.Server {
	t.Helper()
	srv, err := server.New(filepath.Join(t.TempDir(), "central.db"), opts)
	if err != nil {
		t.Fatalf("centraltest: %v", err)
	}
	// Registered before the HTTP server's cleanup, so it runs after it (cleanups run last
	// first): no request is in flight when the file closes.
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("centraltest: %v", err)
		}
	})
	return srv
}
