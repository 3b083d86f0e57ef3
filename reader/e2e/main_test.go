package e2e

import (
	"os"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/internal/pcscdtest"
)

// TestMain stops the pcscd that the tests and benchmarks shared (pcscdtest.Start).
func TestMain(m *testing.M) {
	code := m.Run()
	pcscdtest.Stop()
	os.Exit(code)
}
