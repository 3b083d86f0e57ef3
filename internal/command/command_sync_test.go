package command

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

func TestCmdSync(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	down := httptest.NewServer(nil)
	down.Close()
	cfgFile := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfgFile, []byte("kiosk_id = \"k1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	tests := []struct {
		name   string
		global []string
		args   []string
		code   int
		out    string // regexp of stdout
	}{
		{"no --once", []string{"--central", url}, nil, 2, `^$`},
		{"no central URL", nil, []string{"--once"}, 2, `^$`},
		{"http to a network host", []string{"--central", "http://central.example/v1"}, []string{"--once"}, 2, `^$`},
		{"first sync", []string{"--central", url}, []string{"--once"}, 0,
			`^pulled [1-9][0-9]* appointments / pushed 0 events / 0 pending / 0 dead letters\n$`},
		{"nothing changed", []string{"--central", url}, []string{"--once"}, 0,
			`^appointments unchanged / pushed 0 events / 0 pending / 0 dead letters\n$`},
		{"global flags after sync", nil, []string{"--once", "--central", url}, 0, `^appointments unchanged`},
		{"a ticket to push", []string{"--central", url, "ticket"}, []string{"--once"}, 0,
			`^appointments unchanged / pushed 1 events / 0 pending / 0 dead letters\n$`},
		{"server down", []string{"--central", down.URL}, []string{"--once", "--timeout", "1s"}, 1,
			`^pulled 0 appointments / pushed 0 events / 0 pending / 0 dead letters\n$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f kioskFlags
			f.config, f.data = cfgFile, data
			for i := 0; i+1 < len(tt.global); i += 2 {
				if tt.global[i] == "--central" {
					f.central = tt.global[i+1]
				}
			}
			if tt.global != nil && tt.global[len(tt.global)-1] == "ticket" {
				issueTicket(t, data)
			}
			var out, errb bytes.Buffer
			code := cmdSync(&f, tt.args, &out, &errb)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errb.String())
			}
			if !regexp.MustCompile(tt.out).MatchString(out.String()) {
				t.Errorf("stdout %q, want %s", out.String(), tt.out)
			}
			if code != 0 && errb.Len() == 0 {
				t.Error("a failure without a message")
			}
		})
	}
}

// issueTicket takes a walk-in ticket in the kiosk database of data, leaving one event to push.
func issueTicket(t *testing.T, data string) {
	t.Helper()
	db, err := storage.Open(filepath.Join(data, "kiosk.db"), storage.Options{KioskID: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tk := booking.Ticket{Day: booking.DayOf(time.Now()), ServiceID: "pas", Kind: booking.KindWalkIn, IssuedAt: time.Now()}
	if _, _, err := db.IssueTicket(tk, "A", booking.EventTicketIssued); err != nil {
		t.Fatal(err)
	}
}
