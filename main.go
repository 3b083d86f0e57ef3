// Command citizenkiosk is the kiosk of a Danish Citizen Service Centre: self-service check-in
// and walk-in tickets, the counter's identity check, and the waiting-room board.
//
// Usage:
//
//	citizenkiosk [--config FILE] [--data DIR] [--demo] [--mode MODE] [--lang da|en]   the kiosk
//	citizenkiosk version                                                                its version
//	citizenkiosk mrz [--json]                                                           check an MRZ from stdin
//	citizenkiosk read-id (--doc N --birth YYMMDD --expiry YYMMDD | --can N) [--json]    read a passport chip
package main

import (
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// run dispatches a subcommand, or starts the kiosk when the first argument is a flag or absent.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd, rest := "", args
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "":
		return cmdKiosk(rest, stderr)
	case "version":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "mrz":
		return cmdMRZ(rest, stdin, stdout, stderr)
	case "read-id":
		return cmdReadID(rest, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "citizenkiosk: unknown command %q\n%s", cmd, usage)
	return 2
}

const usage = `usage:
  citizenkiosk [--config FILE] [--data DIR] [--demo] [--mode selfservice|counter|display] [--lang da|en]
  citizenkiosk version
  citizenkiosk mrz [--json] < lines
  citizenkiosk read-id [--reader NAME] (--mrz-file F | --doc N --birth YYMMDD --expiry YYMMDD | --can N) [--photo OUT.png] [--json]
`
