// Command vchip is a virtual ICAO 9303 passport chip for the PC/SC stack: it connects to
// pcscd's vsmartcard vpcd driver as the card in the reader, so that citizenkiosk (or any
// PC/SC program) can read it as it would read a real passport.
//
// Usage:
//
//	vchip --doc N --birth YYMMDD --expiry YYMMDD [--vpcd 127.0.0.1:35963] [--name SURNAME<<GIVEN]
//	      [--protocol bac|pace|both] [--cipher aes128|3des] [--can N] [--max-le N]
//	      [--no-extended] [--no-atr-info] [--atr-caps] [--plain-errors] [--no-sfi]
//	      [--photo FILE.jpg] [--drop-after BYTES] [--corrupt-mac] [--alter-card-access]
//	      [--active-auth ecdsa|rsa|none] [--chip-auth ecdh|none] [--csca-out FILE.pem]
//	      [--tamper dg1|ds-key|expired-ds|clone]
//
// EF.SOD is signed by a test PKI generated at start; --csca-out writes its CSCA so
// that `citizenkiosk read-id --trust FILE.pem` finds the chip genuine. --tamper makes
// a forgery that passive, active or chip authentication must catch; --alter-card-access
// one that only the comparison of EF.CardAccess with DG14 catches. --plain-errors and
// --no-sfi behave like older or stricter passports. An --expiry in the past gives an
// expired document.
//
// It re-inserts the card whenever the connection ends (pcscd restarted, or the card was
// pulled away with --drop-after) and exits on SIGINT or SIGTERM. Logs say what happened
// to the card, never what is on it.
package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, opts, logger); err != nil {
		logger.Error("vchip stopped", "err", err)
		stop()
		os.Exit(1)
	}
}
