package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/server"
)

// auditVerify is "centrald audit-verify --db FILE|URL": it verifies every kiosk's audit
// chain held in the database and prints one line per kiosk, and one per break recorded on
// arrival. Exit status 0 when every chain holds and nothing was recorded, 1 otherwise or on
// a failure, 2 on bad usage. centrald must not be serving a bbolt file (it holds its lock);
// a PostgreSQL database may be verified while replicas serve it.
func auditVerify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("centrald audit-verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "the server's bbolt database file or PostgreSQL URL")
	keyFile := fs.String("key-file", "", "the database's sealing key (default: the --db path with .key appended; required with PostgreSQL)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *db == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: centrald audit-verify --db FILE|URL [--key-file FILE]")
		return 2
	}
	// server.New would make a missing file; a verification of nothing must not pass.
	if _, err := os.Stat(*db); err != nil && !isPostgres(*db) {
		fmt.Fprintf(stderr, "centrald: audit-verify: %v\n", err)
		return 1
	}
	srv, err := server.New(*db, server.Options{KeyFile: *keyFile})
	if err != nil {
		fmt.Fprintf(stderr, "centrald: audit-verify: %v\n", err)
		return 1
	}
	defer srv.Close()
	chains, err := srv.AuditChains()
	if err != nil {
		fmt.Fprintf(stderr, "centrald: audit-verify: %v\n", err)
		return 1
	}
	if len(chains) == 0 {
		fmt.Fprintln(stdout, "audit: no kiosk has sent audit records")
	}
	code := 0
	for _, c := range chains {
		if c.Broken == 0 {
			fmt.Fprintf(stdout, "audit %s: %d records, chain OK\n", c.Kiosk, c.Records)
		} else {
			fmt.Fprintf(stdout, "audit %s: record %d: %s\n", c.Kiosk, c.Broken, c.Problem)
		}
		for _, b := range c.Breaks {
			fmt.Fprintf(stdout, "audit %s: record %d on arrival at %s: %s\n", c.Kiosk, b.Seq, b.At.UTC().Format(time.RFC3339), b.Problem)
		}
		if !c.OK() {
			code = 1
		}
	}
	return code
}
