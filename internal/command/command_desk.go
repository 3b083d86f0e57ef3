package command

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/citizenkiosk/citizenkiosk/site"
)

const deskUsage = `usage:
  citizenkiosk [--config F] [--data DIR] [--central URL] desk --listen ADDR [--pki DIR]
  citizenkiosk desk pki DIR --host H[,H...] [--machine NAME=ROLE[+ROLE]]...
roles: selfservice, counter, display
`

// cmdDesk runs `citizenkiosk desk`: the centre's desk, headless, serving the site API on
// --listen with the certificates in --pki (plain HTTP on a loopback address without), and
// syncing with central when a central URL is configured. `desk pki` makes the site's
// certificates. Exit 0 after SIGINT or SIGTERM, 1 when the desk fails, 2 for usage.
func cmdDesk(f *kioskFlags, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "pki" {
		return cmdDeskPKI(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("citizenkiosk desk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, deskUsage); fs.PrintDefaults() }
	listen := fs.String("listen", "", "address to serve the site API on, host:port")
	pki := fs.String("pki", "", "directory of the site PKI (ca.pem, desk.pem, desk-key.pem); none: loopback only")
	if code, ok := parseWithGlobals(fs, f, args); !ok {
		return code
	}
	if *listen == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	// The desk has no screen, but the config checks a mode; a desk serves every one.
	if f.mode == "" {
		f.mode = "selfservice"
	}
	cfg, err := f.loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk desk:", err)
		return 2
	}
	serve := site.ServeOptions{Addr: *listen}
	if *pki != "" {
		files := site.PKIFiles{Dir: *pki}
		serve.CA = files.CA()
		serve.Cert, serve.Key = files.Desk()
	}
	db, err := openStore(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk desk:", err)
		return 1
	}
	defer db.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := site.RunOptions{
		Serve: serve,
		Rules: rulesOf(cfg),
		Log:   slog.Default(),
		Ready: func(a net.Addr) { fmt.Fprintln(stdout, "desk listening on", a) },
	}
	if cfg.Central.URL != "" {
		syncer, err := newSyncer(cfg, db, nil)
		if err != nil {
			fmt.Fprintln(stderr, "citizenkiosk desk:", err)
			return 2
		}
		// The desk serves at once: with central unreachable the centre works on, and the
		// outbox catches up when it is back.
		go func() { _ = syncer.Run(ctx) }()
		opts.OnChange = syncer.Notify
		opts.Central = syncer // a new disk rebuilds today's tickets from central first
	}
	if err := site.Run(ctx, db, opts); err != nil {
		fmt.Fprintln(stderr, "citizenkiosk desk:", err)
		if errors.Is(err, site.ErrConfig) {
			return 2
		}
		return 1
	}
	return 0
}

// cmdDeskPKI runs `citizenkiosk desk pki DIR --host H --machine NAME=ROLE`.
func cmdDeskPKI(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("citizenkiosk desk pki", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, deskUsage); fs.PrintDefaults() }
	hosts := fs.String("host", "", "the desk's addresses or names, comma-separated (its certificate, made once)")
	var machines []site.Machine
	fs.Func("machine", "a machine's certificate to make: NAME=ROLE[+ROLE] (repeatable)", func(v string) error {
		name, roles, ok := strings.Cut(v, "=")
		if !ok {
			return fmt.Errorf("%q is not NAME=ROLE", v)
		}
		m := site.Machine{Name: name}
		for r := range strings.SplitSeq(roles, "+") {
			m.Roles = append(m.Roles, site.Role(r))
		}
		machines = append(machines, m)
		return nil
	})
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fs.Usage()
		return 2
	}
	dir := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var hs []string
	if *hosts != "" {
		hs = strings.Split(*hosts, ",")
	}
	files, err := site.WritePKI(dir, hs, machines)
	if err != nil {
		fmt.Fprintln(stderr, "citizenkiosk desk pki:", err)
		if errors.Is(err, site.ErrConfig) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stdout, "site CA %s; %d machine certificate(s) in %s\n", files.CA(), len(machines), files.Dir)
	return 0
}
