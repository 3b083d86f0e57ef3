package command

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/citizenkiosk/citizenkiosk/storage"
)

// cmdAudit runs `citizenkiosk [--data DIR] audit verify`: it checks the kiosk's audit
// chain and prints "audit: N records, chain OK" (exit 0), or the first broken record's
// sequence and what is wrong with it (exit 1). It never prints what a record holds. Other
// failures (no database, a wrong key, a locked file) exit 1 with the reason on stderr;
// usage errors exit 2.
func cmdAudit(f *kioskFlags, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("citizenkiosk audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, "usage: citizenkiosk [--config F] [--data DIR] audit verify")
		return 2
	}
	if code, ok := parseWithGlobals(fs, f, args[1:]); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: citizenkiosk [--config F] [--data DIR] audit verify")
		return 2
	}
	cfg, err := f.loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk audit:", err)
		return 2
	}
	// Opening would make an empty database, and an empty chain verifies: that must not
	// pass for a kiosk whose data directory was given wrong.
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "kiosk.db")); err != nil {
		fmt.Fprintln(stderr, "citizenkiosk audit: no kiosk database:", err)
		return 1
	}
	db, err := openStore(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk audit:", err)
		return 1
	}
	defer db.Close()
	n, err := db.VerifyAudit()
	var broken *storage.AuditBreakError
	switch {
	case errors.As(err, &broken):
		fmt.Fprintf(stdout, "audit: record %d: %s\n", broken.Seq, broken.Problem)
		return 1
	case err != nil:
		fmt.Fprintln(stderr, "citizenkiosk audit:", err)
		return 1
	}
	fmt.Fprintf(stdout, "audit: %d records, chain OK\n", n)
	return 0
}
