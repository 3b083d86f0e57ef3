// Command centrald is the reference central API server (api/openapi.yaml) for development,
// demos, pilots and tests: the stand-in for the national service a kiosk talks to.
//
// Usage:
//
//	centrald --listen ADDR --db FILE --tls-cert F --tls-key F --client-ca F [--site NAME] [--demo-seed]
//	centrald --listen 127.0.0.1:PORT --db FILE --insecure-loopback [--site NAME] [--demo-seed]
//	centrald --listen ADDR --db postgres://... --key-file F ...
//	centrald migrate --db postgres://...
//	centrald pki [--host H]... [--kiosk ID] DIR
//	centrald audit-verify --db FILE|URL [--key-file F]
//
// --db is one bbolt file that one process owns, or a PostgreSQL URL that several centrald
// processes (replicas behind one address) share; they then need --key-file, a copy of the
// same sealing key each. "centrald migrate --db URL" applies the schema's migrations (each
// replica also applies them at start); a database newer than the binary is refused.
//
// It serves mutual TLS: every kiosk must present a certificate from --client-ca, whose CN
// is its kiosk id (TLS 1.2 or newer). Plain HTTP is only served with --insecure-loopback on
// a loopback address. "centrald pki DIR" writes a development CA, a server certificate and
// one kiosk certificate, so that a pilot can try mutual TLS. "centrald audit-verify --db F"
// verifies every kiosk's audit chain in a stopped server's file; exit status 1 if one is
// broken or had a record arrive after a gap or with a forged link.
//
// It logs one line per request (method, path, status, duration), never a body, and stops
// cleanly on SIGINT or SIGTERM: requests in flight finish, then the database is closed.
// Exit status: 0 after a clean stop, 1 on a failure while running, 2 on bad usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
