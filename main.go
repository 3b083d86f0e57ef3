// Command citizenkiosk is the kiosk of a Danish Citizen Service Centre: self-service check-in
// and walk-in tickets, the counter's identity check, and the waiting-room board.
//
// Usage:
//
//	citizenkiosk [--config FILE] [--data DIR] [--demo [--demo-forged]] [--mode MODE] [--lang da|en]   the kiosk
//	citizenkiosk [--data DIR] [--central URL] sync --once                                one sync with the central API
//	citizenkiosk [--data DIR] audit verify                                              check the audit trail's hash chain
//	citizenkiosk [--data DIR] desk --listen ADDR [--pki DIR]                            the centre's desk, headless
//	citizenkiosk version                                                                its version
//	citizenkiosk mrz [--json]                                                           check an MRZ from stdin
//	citizenkiosk read-id (--doc N --birth YYMMDD --expiry YYMMDD | --can N) [--json]    read a passport chip
//	citizenkiosk print-test --printer URI [--slip test|ticket|activation]               print a sample slip
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	// Before Fyne reads the locale: see the package comment.
	_ "github.com/citizenkiosk/citizenkiosk/internal/locale"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// run parses the global flags, then dispatches the subcommand that follows them, or starts
// the kiosk when there is none: `citizenkiosk --data D sync --once`, `citizenkiosk --demo`.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("citizenkiosk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	var f kioskFlags
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return cmdKiosk(&f, stderr)
	}
	switch cmd, rest := rest[0], rest[1:]; cmd {
	case "version":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "mrz":
		return cmdMRZ(rest, stdin, stdout, stderr)
	case "read-id":
		return cmdReadID(rest, stdout, stderr)
	case "sync":
		return cmdSync(&f, rest, stdout, stderr)
	case "audit":
		return cmdAudit(&f, rest, stdout, stderr)
	case "desk":
		return cmdDesk(&f, rest, stdout, stderr)
	case "hash-pin":
		return cmdHashPIN(rest, stdin, stdout, stderr)
	case "print-test":
		return cmdPrintTest(&f, rest, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "citizenkiosk: unknown command %q\n%s", cmd, usage)
		return 2
	}
}

const usage = `usage:
  citizenkiosk [--config FILE] [--data DIR] [--demo [--demo-forged]] [--mode selfservice|counter|display] [--lang da|en]
  citizenkiosk [--config FILE] [--data DIR] [--central URL] sync --once
  citizenkiosk [--config FILE] [--data DIR] audit verify
  citizenkiosk [--config FILE] [--data DIR] [--central URL] desk --listen ADDR [--pki DIR]
  citizenkiosk desk pki DIR --host H[,H] [--machine NAME=ROLE[+ROLE]]...
  citizenkiosk hash-pin --staff N [--iterations N] < pin
  citizenkiosk print-test --printer tcp://HOST:9100|device:///dev/usb/lp0|ipp://HOST/printers/Q|preview:FILE.png [--slip test|ticket|activation]
  citizenkiosk version
  citizenkiosk mrz [--json] < lines
  citizenkiosk read-id [--reader NAME] (--mrz-file F | --doc N --birth YYMMDD --expiry YYMMDD | --can N) [--photo OUT.png] [--json]
`
