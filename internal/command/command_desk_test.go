package command

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/site"
)

// The site client stands in for the desk behind every kiosk mode, once the wiring uses it.
var (
	_ kiosk.Desk        = (*site.Client)(nil)
	_ kiosk.CounterDesk = (*site.Client)(nil)
	_ kiosk.BoardDesk   = (*site.Client)(nil)
	_ kiosk.ChangeFeed  = (*site.Client)(nil) // boards and counters read again on its news
)

func TestCmdDeskPKIMakesCertificatesWithRoles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	var out, errOut bytes.Buffer
	code := Run([]string{"desk", "pki", dir, "--host", "127.0.0.1,desk.local",
		"--machine", "door=selfservice", "--machine", "skranke-1=counter+display"}, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	raw, err := os.ReadFile(filepath.Join(dir, "skranke-1.pem"))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(raw)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if cert.Subject.CommonName != "skranke-1" || strings.Join(cert.Subject.OrganizationalUnit, ",") != "counter,display" {
		t.Fatalf("certificate subject = %v", cert.Subject)
	}
	// A machine added later is signed by the same CA; its files are never overwritten.
	if code := Run([]string{"desk", "pki", dir, "--machine", "board=display"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("adding a machine: exit %d: %s", code, errOut.String())
	}
	if code := Run([]string{"desk", "pki", dir, "--machine", "board=display"}, nil, &out, &errOut); code == 0 {
		t.Fatal("making board's certificate twice succeeded; it must not overwrite")
	}
	if code := Run([]string{"desk", "pki", dir, "--machine", "x=admin"}, nil, &out, &errOut); code != 2 {
		t.Fatalf("an unknown role: exit %d, want 2", code)
	}
}

func TestCmdDeskRefusesPlainHTTPOnTheLAN(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Run([]string{"--data", t.TempDir(), "desk", "--listen", "0.0.0.0:0"}, nil, &out, &errOut)
	if code != 2 || !strings.Contains(errOut.String(), "loopback") {
		t.Fatalf("exit %d, stderr %q; want 2 and a word about loopback", code, errOut.String())
	}
	if code := Run([]string{"desk"}, nil, &out, &errOut); code != 2 {
		t.Fatalf("desk without --listen: exit %d, want 2", code)
	}
}
