package command

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/server"
)

// TestDemoCentralOutsideDataDir: the demo central keeps its database and key out of the
// kiosk's data directory (and removes the file older versions left there), serves the demo
// day, and leaves nothing behind when closed.
func TestDemoCentralOutsideDataDir(t *testing.T) {
	dataDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dataDir, legacyDemoCentralDB), []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	dc, err := startDemoCentral(dataDir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(dc.URL + api.BasePath + api.ServicesPath(server.DefaultSite))
	if err != nil {
		dc.Close()
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("demo services: %s", resp.Status)
	}
	if entries, _ := os.ReadDir(dataDir); len(entries) != 0 {
		t.Errorf("the kiosk's data directory holds %v", entries)
	}
	if files, _ := os.ReadDir(dc.dir); len(files) < 2 {
		t.Errorf("the demo central's directory holds %v, want its database and key", files)
	}
	dc.Close()
	if _, err := os.Stat(dc.dir); !os.IsNotExist(err) {
		t.Errorf("the demo central's directory is left after Close: %v", err)
	}
}
