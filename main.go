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
	"os"

	"github.com/citizenkiosk/citizenkiosk/internal/command"
	// Before Fyne reads the locale: see the package comment.
	_ "github.com/citizenkiosk/citizenkiosk/internal/locale"
)

func main() {
	command.Version, command.VersionString = version, versionString
	os.Exit(command.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
