// Package command is citizenkiosk's command line: Run parses the global flags and runs
// the subcommand named after them, each in a file of its own (command_NAME.go, its test
// beside it), or the kiosk when there is none. The program's main only calls Run.
package command

import (
	"errors"
	"flag"
	"fmt"
	"io"

	// Before Fyne reads the locale (see internal/locale): the tests start Fyne here.
	_ "github.com/citizenkiosk/citizenkiosk/internal/locale"
)

// Version is the release, and VersionString what `citizenkiosk version` prints; the
// program's main sets both (its version is set at link time).
var (
	Version       = "dev"
	VersionString = func() string { return "citizenkiosk " + Version }
)

// Run parses the global flags, then dispatches the subcommand that follows them, or starts
// the kiosk when there is none: `citizenkiosk --data D sync --once`, `citizenkiosk --demo`.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
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
		fmt.Fprintln(stdout, VersionString())
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
