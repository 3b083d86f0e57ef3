package command

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// TestReadIDTrust is the "done when": read-id --trust csca.pem --json prints
// a valid verdict for a genuine chip and the right failure for every forgery.
func TestReadIDTrust(t *testing.T) {
	dir := t.TempDir()
	writePKI := func(name string, opts authtest.Options) (*authtest.PKI, string) {
		p, err := authtest.NewPKI(rand.Reader, opts)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, p.CSCAPEM(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p, path
	}
	pki, csca := writePKI("csca.pem", authtest.Options{})
	_, otherCSCA := writePKI("other.pem", authtest.Options{Country: "SE", Name: "OTHER CSCA"})
	tests := []struct {
		tamper, trust            string
		overall, passive, aa, ca string
		reason                   string
	}{
		{"", csca, "genuine", "valid", "passed", "passed", ""},
		{"", otherCSCA, "unverified", "unknown-csca", "passed", "passed", "not in the trust store"},
		{"dg1", csca, "not-genuine", "invalid", "passed", "passed", "DG1: auth: data group hash does not match"},
		{"ds-key", csca, "not-genuine", "invalid", "passed", "passed", "SOD signature"},
		{"expired-ds", csca, "not-genuine", "invalid", "passed", "passed", "validity period"},
		{"clone", csca, "not-genuine", "valid", "failed", "failed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.tamper+" "+filepath.Base(tt.trust), func(t *testing.T) {
			read := chipReader(t, vchip.Config{DocumentNumber: "L898902C", BirthDate: "690806",
				ExpiryDate: "940623", PKI: pki, Tamper: tt.tamper})
			var out, errs bytes.Buffer
			args := []string{"--json", "--trust", tt.trust, "--doc", "L898902C", "--birth", "690806", "--expiry", "940623"}
			if code := readID(args, &out, &errs, read); code != 0 {
				t.Fatalf("exit %d: %s", code, errs.String())
			}
			var got struct {
				Authenticity struct {
					Overall string
					Passive struct {
						Status, DocumentSigner, CSCA string
						Reasons                      []string
					}
					Active struct{ Status string } `json:"activeAuthentication"`
					Chip   struct{ Status string } `json:"chipAuthentication"`
				}
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("%v: %s", err, out.String())
			}
			a := got.Authenticity
			if a.Overall != tt.overall || a.Passive.Status != tt.passive || a.Active.Status != tt.aa || a.Chip.Status != tt.ca {
				t.Fatalf("authenticity %+v, want %s %s %s %s", a, tt.overall, tt.passive, tt.aa, tt.ca)
			}
			if tt.reason != "" && !strings.Contains(strings.Join(a.Passive.Reasons, "; "), tt.reason) {
				t.Errorf("reasons %q lack %q", a.Passive.Reasons, tt.reason)
			}
			if tt.passive == "valid" && (a.Passive.DocumentSigner == "" || a.Passive.CSCA == "") {
				t.Errorf("DS %q, CSCA %q", a.Passive.DocumentSigner, a.Passive.CSCA)
			}
		})
	}
	var out, errs bytes.Buffer
	if code := readID([]string{"--trust", filepath.Join(dir, "missing"), "--can", "123456"}, &out, &errs, nil); code != 2 {
		t.Errorf("missing trust file: exit %d", code)
	}
	// The text report ends with the verdict, for the person at the counter.
	out.Reset()
	errs.Reset()
	read := chipReader(t, vchip.Config{DocumentNumber: "L898902C", BirthDate: "690806", ExpiryDate: "940623", PKI: pki})
	if code := readID([]string{"--trust", csca, "--doc", "L898902C", "--birth", "690806", "--expiry", "940623"}, &out, &errs, read); code != 0 {
		t.Fatalf("text: exit %d: %s", code, errs.String())
	}
	for _, want := range []string{"authenticity     genuine", "passive          valid (DS CN=TEST DS", "active auth      passed", "chip auth        passed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, out.String())
		}
	}
}
