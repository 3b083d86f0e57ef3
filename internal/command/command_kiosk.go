package command

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
	"github.com/citizenkiosk/citizenkiosk/printer"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// kioskFlags are the global flags; each overrides the config file and the environment.
type kioskFlags struct {
	config, data, mode, lang string
	central                  string
	demo, fullscreen         bool
	demoForged               bool
}

func (f *kioskFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "config file (default "+config.DefaultPath()+")")
	fs.StringVar(&f.data, "data", "", "data directory (default "+config.DefaultDataDir()+")")
	fs.StringVar(&f.mode, "mode", "", "selfservice, counter or display")
	fs.StringVar(&f.lang, "lang", "", "language a citizen starts in: da or en")
	fs.BoolVar(&f.demo, "demo", false, "demo mode: seeded appointments, slips shown on screen")
	fs.BoolVar(&f.demoForged, "demo-forged", false, "demo mode: the passport on the counter's reader is a forged copy")
	fs.BoolVar(&f.fullscreen, "fullscreen", false, "full screen with closing disabled (kiosk)")
	fs.StringVar(&f.central, "central", "", "central API URL: https://…, http:// only to a loopback host")
}

// loadConfig reads the config file named by the flags (or the default one), the
// environment, then the flags themselves.
func (f *kioskFlags) loadConfig() (config.Config, error) {
	path, required := f.config, true
	if path == "" {
		path, required = config.DefaultPath(), false
	}
	cfg, err := config.Load(path, required, os.Environ())
	if err != nil {
		return cfg, err
	}
	if f.mode != "" {
		cfg.Mode = f.mode
	}
	if f.lang != "" {
		cfg.Language = f.lang
	}
	if f.fullscreen {
		cfg.Fullscreen = true
	}
	if f.central != "" {
		cfg.Central.URL = f.central
	}
	switch {
	case f.data != "":
		cfg.DataDir = f.data
	case f.demo:
		// Demo data never mixes with a real kiosk's database.
		cfg.DataDir = filepath.Join(cfg.DataDir, "demo")
	}
	return cfg, cfg.Validate()
}

// openStore opens the kiosk database in the data directory and turns the errors a person
// can act on into sentences that say what to do.
func openStore(cfg config.Config) (*storage.DB, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(cfg.DataDir, "kiosk.db")
	db, err := storage.Open(path, storage.Options{KioskID: cfg.KioskID, Timeout: 3 * time.Second})
	var renamed *storage.RenameError
	switch {
	case errors.Is(err, storage.ErrLocked):
		return nil, fmt.Errorf("%s is in use by another citizenkiosk; stop that one first: %w", path, err)
	case errors.As(err, &renamed):
		return nil, fmt.Errorf("the kiosk id changed while events wait: set kiosk_id = %q (or "+
			"CITIZENKIOSK_KIOSK_ID) with that kiosk's client certificate, run `citizenkiosk sync --once` until it "+
			"reports 0 pending, then set %q again: %w", renamed.Oldest, renamed.KioskID, err)
	case errors.Is(err, storage.ErrSchemaTooNew):
		// A package downgrade: the file stays as the newer release left it.
		return nil, fmt.Errorf("%s was written by a newer citizenkiosk than %s; install that release again (the file is unchanged): %w", path, Version, err)
	case err != nil:
		return nil, err
	}
	return db, nil
}

func cmdKiosk(f *kioskFlags, stderr io.Writer) int {
	cfg, err := f.loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk:", err)
		return 2
	}
	db, err := openStore(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk:", err)
		return 1
	}
	defer db.Close()

	clock := booking.SystemClock{}
	if f.demo {
		dc, err := startDemoCentral(cfg.DataDir, clock.Now())
		if err != nil {
			fmt.Fprintln(stderr, "citizenkiosk:", err)
			return 1
		}
		defer dc.Close()
		cfg.Central = config.Central{URL: dc.URL}
		cfg.Desk = config.Desk{} // the demo's desk is this process's own, like its central
		cfg.Site = server.DefaultSite
		printDemoHints(stderr, dc.Hints)
		if cfg.Mode == config.ModeCounter {
			cfg.Counter = demoCounter()
		}
	}
	link, status, err := openDesk(cfg, db)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk:", err)
		return 2
	}
	defer link.close()
	prn, err := newPrinter(cfg.Printer)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk:", err)
		return 2
	}

	sc := screens{cfg: cfg, desk: link.client, clock: clock, printer: prn, demo: f.demo,
		status: status, attempts: db}
	if cfg.Mode == config.ModeCounter || f.demo {
		if sc.ident, err = newIdentifyParts(cfg, db, f.demo, f.demoForged); err != nil {
			fmt.Fprintln(stderr, "citizenkiosk:", err)
			return 2
		}
	}
	a := app.NewWithID("dk.borgerservice.citizenkiosk")
	w := a.NewWindow("citizenkiosk")
	stop, err := sc.open(a, w)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk:", err)
		return 2
	}
	defer stop()
	slog.Info("kiosk started", "mode", cfg.Mode, "kiosk", cfg.KioskID, "demo", f.demo)
	if os.Getenv("CITIZENKIOSK_EXIT_ON_START") == "1" {
		// make bench: time from process start to the first screen. Quit once the app has
		// started and one more frame has had the chance to draw.
		a.Lifecycle().SetOnStarted(func() {
			go fyne.Do(a.Quit)
		})
	}
	w.ShowAndRun()
	return 0
}

func printDemoHints(w io.Writer, h demo.Hints) {
	fmt.Fprintf(w, "demo: booking code %s checks in now; %s is too early; %s is too late; "+
		"birth date %02d%02d%02d is shared by two citizens (first names Søren and Jens Peter); "+
		"counter: staff number "+demoStaff+", PIN "+demoPIN+"; Identify the ticket called: document "+demoDocNumber+
		", birth "+demoBirth+", expiry "+demoExpiry(time.Now())+" (or CAN "+demoCAN+")\n",
		booking.FormatBookingCode(h.DueNow), booking.FormatBookingCode(h.TooEarly),
		booking.FormatBookingCode(h.TooLate), h.Twins.Day, int(h.Twins.Month), h.Twins.Year%100)
}

// newPrinter picks the slip printer the config names. "preview" prints nowhere: the kiosk
// shows the slip on screen instead.
func newPrinter(c config.Printer) (printer.Printer, error) {
	switch c.Kind {
	case config.PrinterTCP:
		return printer.NewTCP(c.Address), nil
	case config.PrinterDevice:
		return printer.NewDevice(c.Address), nil
	case config.PrinterIPP:
		return printer.NewIPP(c.Address), nil
	case config.PrinterPreview, "":
		return nil, nil
	}
	return nil, fmt.Errorf("printer kind %q is not preview, tcp, device or ipp", c.Kind)
}
