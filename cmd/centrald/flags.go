package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/central/server"
)

// options are the flags of the serving command.
type options struct {
	listen           string
	db               string
	keyFile          string
	site             string
	demoSeed         bool
	insecureLoopback bool
	tlsCert, tlsKey  string
	clientCA         string
	codesPerKiosk    int
	codesPerStaff    int
	retentionDays    int
}

// errUsage marks a command line that cannot run; the flag package or parseFlags has
// already said why on stderr, and the exit status is 2.
var errUsage = errors.New("usage")

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("centrald", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8443", "address to listen on, host:port")
	fs.StringVar(&o.db, "db", "", "bbolt database file (created if missing), or a postgres:// URL that replicas share")
	fs.StringVar(&o.keyFile, "key-file", "", "key that seals personal data in the database, made if missing (default: the --db path with .key appended; required with PostgreSQL, the same file on every replica)")
	fs.StringVar(&o.site, "site", server.DefaultSite, "site that --demo-seed fills")
	fs.BoolVar(&o.demoSeed, "demo-seed", false, "seed today's demo day around the current time")
	fs.BoolVar(&o.insecureLoopback, "insecure-loopback", false, "serve plain HTTP; only on a loopback address")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "server certificate, PEM")
	fs.StringVar(&o.tlsKey, "tls-key", "", "server private key, PEM")
	fs.StringVar(&o.clientCA, "client-ca", "", "CA of the kiosks' client certificates, PEM")
	fs.IntVar(&o.codesPerKiosk, "codes-per-kiosk-hour", server.DefaultCodesPerKioskHour, "new activation codes one kiosk may get in any hour")
	fs.IntVar(&o.codesPerStaff, "codes-per-staff-hour", server.DefaultCodesPerStaffHour, "new activation codes one member of staff may get in any hour")
	fs.IntVar(&o.retentionDays, "retention-days", 90, "days applied events and appointments are kept before the hourly purge deletes them; 0 keeps everything")
	if err := fs.Parse(args); err != nil {
		return o, errUsage
	}
	if err := o.check(); err != nil {
		fmt.Fprintf(stderr, "centrald: %v\n", err)
		return o, errUsage
	}
	return o, nil
}

// check refuses combinations that would serve the API unprotected or not at all.
func (o options) check() error {
	tlsFlags := o.tlsCert != "" || o.tlsKey != "" || o.clientCA != ""
	switch {
	case o.db == "":
		return errors.New("--db FILE or --db postgres://... is required")
	case isPostgres(o.db) && o.keyFile == "":
		return errors.New("--key-file is required with a PostgreSQL --db: every replica seals with a copy of the same key")
	case o.retentionDays < 0:
		return errors.New("--retention-days must be 0 (keep everything) or more")
	case o.codesPerKiosk < 1 || o.codesPerStaff < 1:
		return errors.New("--codes-per-kiosk-hour and --codes-per-staff-hour must be at least 1")
	case o.insecureLoopback && tlsFlags:
		return errors.New("--insecure-loopback and the TLS flags exclude each other")
	case o.insecureLoopback && !isLoopback(o.listen):
		return fmt.Errorf("refusing plain HTTP on %s: --insecure-loopback needs a loopback address such as 127.0.0.1:8080", o.listen)
	case !o.insecureLoopback && (o.tlsCert == "" || o.tlsKey == "" || o.clientCA == ""):
		return errors.New("mutual TLS needs --tls-cert, --tls-key and --client-ca (or --insecure-loopback on loopback for development)")
	}
	return nil
}

// isPostgres reports whether --db names a PostgreSQL database rather than a bbolt file.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// isLoopback reports whether addr (host:port) listens on loopback only. An empty host
// means every interface, so it is not.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pkiOptions are the flags of "centrald pki".
type pkiOptions struct {
	dir    string
	hosts  []string
	kiosks []server.KioskIdentity
}

// parsePKIFlags reads "centrald pki". Each --kiosk takes the site of the --site before it,
// so one CA can serve kiosks of several sites:
// --site odense --kiosk door-1 --kiosk counter-2 --site aarhus --kiosk door-1.
func parsePKIFlags(args []string, stderr io.Writer) (pkiOptions, error) {
	var o pkiOptions
	site := server.DefaultSite
	fs := flag.NewFlagSet("centrald pki", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Func("host", "a name or IP address the server certificate is for (repeatable; default 127.0.0.1 and localhost)",
		func(h string) error { o.hosts = append(o.hosts, h); return nil })
	fs.Func("site", "site of the kiosks named after it (default "+server.DefaultSite+")",
		func(s string) error { site = s; return nil })
	fs.Func("kiosk", "kiosk id: a client certificate's CN, bound to the current --site (repeatable; default kiosk-1)",
		func(k string) error {
			o.kiosks = append(o.kiosks, server.KioskIdentity{Site: site, KioskID: k})
			return nil
		})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: centrald pki [--host H]... [--site S] [--kiosk ID]... [--site S --kiosk ID...]... DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return o, errUsage
	}
	o.dir = fs.Arg(0)
	if len(o.hosts) == 0 {
		o.hosts = []string{"127.0.0.1", "localhost"}
	}
	if len(o.kiosks) == 0 {
		o.kiosks = []server.KioskIdentity{{Site: site, KioskID: "kiosk-1"}}
	}
	return o, nil
}
