package command

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
)

// maxMRZInput bounds what `citizenkiosk mrz` reads: an MRZ is under 100 bytes, and a
// scanner left sending must not fill the memory.
const maxMRZInput = 64 << 10

// cmdMRZ checks the MRZ on stdin and prints what it holds: `citizenkiosk mrz [--json]`.
// Exit status: 0 valid, 1 an MRZ with errors, 2 not an MRZ or a usage error.
func cmdMRZ(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mrz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: citizenkiosk mrz [--json] < lines")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "citizenkiosk mrz: unexpected argument %q; the MRZ is read from stdin\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	in, err := io.ReadAll(io.LimitReader(stdin, maxMRZInput+1))
	if err != nil {
		fmt.Fprintf(stderr, "citizenkiosk mrz: read stdin: %v\n", err)
		return 2
	}
	var m mrz.MRZ
	if len(in) > maxMRZInput {
		err = fmt.Errorf("%w: more than %d bytes of input", mrz.ErrNotMRZ, maxMRZInput)
	} else {
		m, err = mrz.Parse(string(in))
	}
	report := mrz.NewReport(m, err)

	switch {
	case *asJSON:
		if werr := json.NewEncoder(stdout).Encode(report); werr != nil {
			fmt.Fprintf(stderr, "citizenkiosk mrz: %v\n", werr)
			return 2
		}
	case errors.Is(err, mrz.ErrNotMRZ):
		fmt.Fprintf(stderr, "citizenkiosk mrz: %v\n", err)
	default:
		if werr := report.WriteText(stdout); werr != nil {
			fmt.Fprintf(stderr, "citizenkiosk mrz: %v\n", werr)
			return 2
		}
	}
	var invalid *mrz.InvalidError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &invalid):
		return 1
	}
	return 2
}
