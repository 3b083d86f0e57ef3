package command

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central"
)

// cmdSync runs `citizenkiosk [global flags] sync --once [--timeout D]`: one sync with the
// central system (pull the day, push the outbox), a one-line summary on stdout, exit 0 on
// success, 1 when the sync failed or moved events to the dead letters, 2 for a usage or
// configuration error. The global flags
// (parsed by run into f) may also follow "sync": `sync --once --data D` works too.
func cmdSync(f *kioskFlags, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("citizenkiosk sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	once := fs.Bool("once", false, "sync once and exit")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	if code, ok := parseWithGlobals(fs, f, args); !ok {
		return code
	}
	if fs.NArg() > 0 || !*once {
		fmt.Fprintln(stderr, "usage: citizenkiosk [--config F] [--data DIR] [--central URL] sync --once [--timeout D]\n"+
			"(only --once for now: the running kiosk syncs by itself)")
		return 2
	}
	cfg, err := f.loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk sync:", err)
		return 2
	}
	if cfg.Central.URL == "" {
		fmt.Fprintln(stderr, "citizenkiosk sync: no central URL: give --central, CITIZENKIOSK_CENTRAL_URL or [central] url in the config")
		return 2
	}
	client, err := central.NewClient(central.Options{
		URL: cfg.Central.URL, Site: cfg.Site, KioskID: cfg.KioskID,
		ClientCert: cfg.Central.ClientCert, ClientKey: cfg.Central.ClientKey,
		CA: cfg.Central.CA, PinnedKey: cfg.Central.PinnedKey,
	})
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk sync:", err)
		if errors.Is(err, central.ErrInsecureURL) || errors.Is(err, central.ErrConfig) {
			return 2
		}
		return 1
	}
	db, err := openStore(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk sync:", err)
		return 1
	}
	defer db.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	rep, err := central.NewSyncer(client, db, central.SyncOptions{Version: Version}).Sync(ctx)
	pulled := fmt.Sprintf("pulled %d appointments", rep.Appointments)
	if rep.NotModified {
		pulled = "appointments unchanged"
	}
	fmt.Fprintf(stdout, "%s / pushed %d events / %d pending / %d dead letters\n",
		pulled, rep.Applied+rep.Duplicates, rep.Pending, rep.Dead)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk sync:", err)
		return 1
	}
	// A dead letter is an event the central system will never have; however well the rest
	// went, an operator must hear of it.
	if rep.DeadLettered > 0 {
		fmt.Fprintf(stderr, "citizenkiosk sync: %d events were moved to the dead letters in this sync "+
			"(refused by the central system, or unreadable in the outbox); they are kept in %s with the reason\n",
			rep.DeadLettered, db.Path())
		return 1
	}
	return 0
}

// parseWithGlobals parses a subcommand's flags from args, with the global flags allowed
// after the subcommand too (`sync --once --data D`), and merges those into f. When ok is
// false the command is over and exits with code: 0 after -h, 2 for flags it could not parse.
func parseWithGlobals(fs *flag.FlagSet, f *kioskFlags, args []string) (code int, ok bool) {
	var after kioskFlags
	after.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	mergeGlobalFlags(f, fs)
	return 0, true
}

// mergeGlobalFlags copies the global flags given after the subcommand (parsed by fs) into
// f, over those given before it. Registering f on a flag set resets its fields to their
// defaults, so f is registered on a scratch set and restored before the copy.
func mergeGlobalFlags(f *kioskFlags, fs *flag.FlagSet) {
	saved := *f
	globals := flag.NewFlagSet("globals", flag.ContinueOnError)
	f.register(globals)
	*f = saved
	fs.Visit(func(fl *flag.Flag) {
		if globals.Lookup(fl.Name) != nil {
			_ = globals.Set(fl.Name, fl.Value.String())
		}
	})
}
