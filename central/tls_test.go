package central

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/central/server"
)

func serverPin(t *testing.T, certFile string) string {
	t.Helper()
	b, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatal("no PEM in the server certificate")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return PinOf(cert)
}

// TestMutualTLS talks to the reference server over mutual TLS: with the kiosk's
// certificate and the right pin it works; a wrong pin, a missing client certificate or an
// unknown CA fail, and those failures are not retried.
func TestMutualTLS(t *testing.T) {
	url, srv, pki := centraltest.StartTLS(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	pin := serverPin(t, pki.ServerCert)
	otherPin := serverPin(t, pki.CACert) // a real key, but not the server's
	tests := []struct {
		name          string
		cert, key, ca string
		pin           string
		ok            bool
		err           error
	}{
		{"client certificate and CA", pki.ClientCert, pki.ClientKey, pki.CACert, "", true, nil},
		{"with the right pin", pki.ClientCert, pki.ClientKey, pki.CACert, pin, true, nil},
		{"wrong pin", pki.ClientCert, pki.ClientKey, pki.CACert, otherPin, false, ErrPinMismatch},
		{"no client certificate", "", "", pki.CACert, "", false, ErrUnavailable},
		{"system roots only", pki.ClientCert, pki.ClientKey, "", "", false, ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(Options{URL: url, Site: server.DefaultSite, KioskID: centraltest.KioskID,
				ClientCert: tt.cert, ClientKey: tt.key, CA: tt.ca, PinnedKey: tt.pin,
				MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, AttemptTimeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			svcs, _, _, err := c.Services(context.Background(), "")
			if tt.ok {
				if err != nil || len(svcs) == 0 {
					t.Fatalf("%v, %d services", err, len(svcs))
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("a refused handshake took %v", time.Since(start))
			}
		})
	}
}
