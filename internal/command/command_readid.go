package command

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
)

// cmdReadID reads a passport or ID card chip through PC/SC and prints what it holds:
// `citizenkiosk read-id [--reader NAME] (--mrz-file F | --doc N --birth YYMMDD
// --expiry YYMMDD | --can N) [--photo OUT.png] [--json] [--timeout 30s]
// [--no-extended] [--max-read N] [--trust FILE|DIR]`. It prints the authenticity
// verdict too ("authenticity" in JSON), checked against the CSCAs of --trust (an ICAO
// master list, PEM or DER certificates, CRLs). Exit status: 0 read (whatever the
// verdict), 1 the read failed, 2 usage.
func cmdReadID(args []string, stdout, stderr io.Writer) int {
	return readID(args, stdout, stderr, reader.ReadFromReader)
}

// readFunc reads the document in the named reader; tests put a virtual chip behind it.
type readFunc func(ctx context.Context, name string, key reader.AccessKey, opts reader.Options) (*reader.Document, error)

func readID(args []string, stdout, stderr io.Writer, read readFunc) int {
	fs := flag.NewFlagSet("read-id", flag.ContinueOnError)
	fs.SetOutput(stderr)
	readerName := fs.String("reader", "", "PC/SC reader `name` (default: the first reader with a card)")
	mrzFile := fs.String("mrz-file", "", "take the access key from the MRZ in `file`")
	doc := fs.String("doc", "", "document `number` as printed in the MRZ")
	birth := fs.String("birth", "", "date of birth, `YYMMDD`")
	expiry := fs.String("expiry", "", "date of expiry, `YYMMDD`")
	can := fs.String("can", "", "card access `number` (6 digits; needs a chip with PACE)")
	photo := fs.String("photo", "", "write the photo as PNG to `file`")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after this long, waiting for the card included")
	noExtended := fs.Bool("no-extended", false, "never use extended-length reads")
	maxRead := fs.Int("max-read", 0, "largest READ BINARY in `bytes` (0: automatic)")
	trustPath := fs.String("trust", "", "CSCA master list, certificate or CRL `file`, or a folder of them, for passive authentication")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: citizenkiosk read-id [--reader NAME] (--mrz-file F | --doc N --birth YYMMDD --expiry YYMMDD | --can N) [--photo OUT.png] [--json] [--trust FILE|DIR]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	key, err := readIDKey(*mrzFile, *doc, *birth, *expiry, *can)
	if err == nil && (fs.NArg() > 0 || *maxRead < 0 || *timeout <= 0) {
		err = errors.New("unexpected arguments, a negative --max-read or a --timeout not above 0")
	}
	if err != nil {
		fmt.Fprintf(stderr, "citizenkiosk read-id: %v\n", err)
		fs.Usage()
		return 2
	}

	opts := reader.Options{NoExtended: *noExtended, MaxRead: *maxRead}
	if *trustPath != "" {
		if opts.Trust, err = auth.LoadTrust(*trustPath); err != nil {
			fmt.Fprintf(stderr, "citizenkiosk read-id: %v\n", err)
			return 2
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if !*asJSON {
		last := ""
		opts.Progress = func(p reader.Progress) {
			if p.Step != last {
				last = p.Step
				fmt.Fprintf(stderr, "%s…\n", p.Step)
			}
		}
	}
	d, err := read(ctx, *readerName, key, opts)
	if err != nil {
		fmt.Fprintf(stderr, "citizenkiosk read-id: %v\n", err)
		return 1
	}
	if *photo != "" {
		var buf bytes.Buffer
		if err := d.WritePhotoPNG(&buf); err != nil {
			fmt.Fprintf(stderr, "citizenkiosk read-id: %v\n", err)
			return 1
		}
		if err := os.WriteFile(*photo, buf.Bytes(), 0o600); err != nil {
			fmt.Fprintf(stderr, "citizenkiosk read-id: %v\n", err)
			return 1
		}
	}
	report := d.Report()
	if *asJSON {
		err = json.NewEncoder(stdout).Encode(report)
	} else {
		err = report.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "citizenkiosk read-id: %v\n", err)
		return 1
	}
	return 0
}

// readIDKey checks that exactly one kind of access key was given and builds it.
func readIDKey(mrzFile, doc, birth, expiry, can string) (reader.AccessKey, error) {
	fields := doc != "" || birth != "" || expiry != ""
	kinds := 0
	for _, given := range []bool{mrzFile != "", fields, can != ""} {
		if given {
			kinds++
		}
	}
	switch {
	case kinds != 1:
		return reader.AccessKey{}, errors.New("give one of --mrz-file, --doc/--birth/--expiry, or --can")
	case mrzFile != "":
		text, err := os.ReadFile(mrzFile)
		if err != nil {
			return reader.AccessKey{}, err
		}
		return reader.KeyFromMRZ(string(text))
	case can != "":
		return reader.KeyFromCAN(can)
	case doc == "" || len(birth) != 6 || len(expiry) != 6:
		return reader.AccessKey{}, errors.New("--doc, --birth YYMMDD and --expiry YYMMDD go together")
	}
	return reader.AccessKey{DocumentNumber: doc, BirthDate: birth, ExpiryDate: expiry}, nil
}
