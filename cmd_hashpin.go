package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/kiosk"
)

// cmdHashPIN reads a staff PIN from the first line of stdin and prints the hash that goes
// in the config file's [counter.staff] table: `citizenkiosk hash-pin [--iterations N]`.
// The PIN is read from stdin, never from an argument, so that it stays out of the shell's
// history and the process list:
//
//	read -rs PIN && printf '%s\n' "$PIN" | citizenkiosk hash-pin; unset PIN
//
// Exit status: 0 printed, 2 not a PIN (4 to 8 digits) or a usage error.
func cmdHashPIN(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hash-pin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	iterations := fs.Int("iterations", kiosk.PINIterations, "PBKDF2-SHA256 iterations")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: citizenkiosk hash-pin [--iterations N] < pin")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		// Refuse rather than hash it: a PIN on the command line has already leaked.
		fmt.Fprintln(stderr, "citizenkiosk hash-pin: the PIN is read from stdin, not from arguments")
		return 2
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 64)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintf(stderr, "citizenkiosk hash-pin: read stdin: %v\n", err)
		return 2
	}
	hash, err := kiosk.HashPIN(strings.TrimRight(line, "\r\n"), *iterations)
	if err != nil {
		// The error names the rule broken, never the PIN.
		fmt.Fprintf(stderr, "citizenkiosk hash-pin: %v\n", err)
		return 2
	}
	fmt.Fprintln(stdout, hash)
	return 0
}
