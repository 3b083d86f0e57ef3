package command

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
)

// cmdHashPIN reads a staff PIN from the first line of stdin and prints the hash that goes
// in the config file's [counter.staff] table under the staff number:
// `citizenkiosk hash-pin --staff N [--iterations N]`. The PIN is read from stdin, never
// from an argument, so that it stays out of the shell's history and the process list:
//
//	read -rs PIN && printf '%s\n' "$PIN" | citizenkiosk hash-pin --staff 1042; unset PIN
//
// A PIN a guesser tries first (one digit repeated, a run such as 1234, the staff number)
// is refused: the lockout leaves a guesser a few tries an hour, and those PINs would fall
// to them. --staff is required so that the last rule can be checked.
//
// Exit status: 0 printed, 2 not a PIN (4 to 8 digits), too easy a PIN, or a usage error.
func cmdHashPIN(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hash-pin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	staff := fs.String("staff", "", "the staff number the PIN is for (1 to 8 digits)")
	iterations := fs.Int("iterations", staffpin.Iterations,
		fmt.Sprintf("PBKDF2-SHA256 iterations; the config refuses fewer than %d", staffpin.Iterations))
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: citizenkiosk hash-pin --staff N [--iterations N] < pin")
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
	if !staffpin.ValidStaffNumber(*staff) {
		fmt.Fprintf(stderr, "citizenkiosk hash-pin: --staff must be the staff number, 1 to %d digits\n",
			staffpin.MaxStaffNumberLength)
		return 2
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 64)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintf(stderr, "citizenkiosk hash-pin: read stdin: %v\n", err)
		return 2
	}
	pin := strings.TrimRight(line, "\r\n")
	if err := staffpin.Choose(pin, *staff); err != nil {
		// The error names the rule broken, never the PIN.
		fmt.Fprintf(stderr, "citizenkiosk hash-pin: %v; choose another\n", err)
		return 2
	}
	hash, err := staffpin.Hash(pin, *iterations)
	if err != nil {
		fmt.Fprintf(stderr, "citizenkiosk hash-pin: %v\n", err)
		return 2
	}
	fmt.Fprintln(stdout, hash)
	return 0
}
