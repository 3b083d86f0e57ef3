package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/reader/auth/authtest"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// options are the parsed command line.
type options struct {
	vpcd    string
	cscaOut string // write the CSCA certificate (PEM) here, for read-id --trust
	chip    vchip.Config
}

// parseFlags reads the command line into options; errors are also printed to stderr.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("vchip", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var name, photo string
	fs.StringVar(&o.vpcd, "vpcd", "127.0.0.1:35963", "address of pcscd's vpcd driver (the first slot is port 35963)")
	fs.StringVar(&o.chip.DocumentNumber, "doc", "", "document number (required)")
	fs.StringVar(&o.chip.BirthDate, "birth", "", "date of birth YYMMDD (required)")
	fs.StringVar(&o.chip.ExpiryDate, "expiry", "", "date of expiry YYMMDD (required)")
	fs.StringVar(&name, "name", "", "holder's name as in the MRZ: SURNAME<<GIVEN<NAMES")
	fs.StringVar(&o.chip.Sex, "sex", "", "M, F or empty")
	fs.StringVar(&o.chip.Nationality, "nationality", "DNK", "ICAO 9303-3 country code")
	fs.StringVar(&o.chip.Protocol, "protocol", "both", "access control offered: bac, pace or both")
	fs.StringVar(&o.chip.Cipher, "cipher", "aes128", "PACE secure-messaging cipher: aes128 or 3des")
	fs.StringVar(&o.chip.CAN, "can", "", "card access number for PACE (empty: none)")
	fs.IntVar(&o.chip.PACEParameterID, "pace-param", 13, "PACE standardized domain parameter id")
	fs.BoolVar(&o.chip.NoExtended, "no-extended", false, "refuse extended-length APDUs (6700) and say so in EF.ATR/INFO")
	fs.BoolVar(&o.chip.ATRCapabilities, "atr-caps", false, "say in the ATR's historical bytes whether the chip takes extended length")
	fs.BoolVar(&o.chip.NoATRInfo, "no-atr-info", false, "leave out EF.ATR/INFO, so a reader must try extended length")
	fs.IntVar(&o.chip.MaxLe, "max-le", 0, "largest Le one READ BINARY accepts (0: no limit)")
	fs.StringVar(&photo, "photo", "", "JPEG portrait for DG2 (default: a built-in synthetic face)")
	fs.IntVar(&o.chip.DropAfterBytes, "drop-after", 0, "pull the card away after serving this many file bytes (0: never)")
	fs.BoolVar(&o.chip.PlainErrors, "plain-errors", false, "answer errors under secure messaging in plain and end the session, as some passports do")
	fs.BoolVar(&o.chip.NoSFI, "no-sfi", false, "refuse READ BINARY by short file identifier (6A86)")
	fs.BoolVar(&o.chip.AlterCardAccess, "alter-card-access", false, "offer and run a PACE other than the one DG14 signs (an altered EF.CardAccess)")
	fs.BoolVar(&o.chip.CorruptMAC, "corrupt-mac", false, "corrupt the MAC of every secure-messaging response")
	fs.StringVar(&o.chip.Tamper, "tamper", "", "forge the document: "+strings.Join(authtest.Tampers, ", ")+" (empty: genuine)")
	fs.StringVar(&o.chip.ActiveAuth, "active-auth", "ecdsa", "active authentication key in DG15: ecdsa, rsa or none")
	fs.StringVar(&o.chip.ChipAuth, "chip-auth", "ecdh", "chip authentication key in DG14: ecdh or none")
	fs.StringVar(&o.cscaOut, "csca-out", "", "write the test CSCA certificate that signed EF.SOD to `file` (PEM)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, usageError(stderr, fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if o.chip.DocumentNumber == "" || o.chip.BirthDate == "" || o.chip.ExpiryDate == "" {
		return options{}, usageError(stderr, "--doc, --birth and --expiry are required")
	}
	if name != "" {
		surname, given, _ := strings.Cut(name, "<<")
		o.chip.Surname = strings.ReplaceAll(surname, "<", " ")
		o.chip.GivenNames = strings.ReplaceAll(given, "<", " ")
	}
	if photo != "" {
		b, err := os.ReadFile(photo)
		if err != nil {
			return options{}, usageError(stderr, fmt.Sprintf("read photo: %v", err))
		}
		o.chip.Photo = b
	}
	return o, nil
}

var errUsage = errors.New("vchip: bad command line")

func usageError(stderr io.Writer, msg string) error {
	fmt.Fprintln(stderr, "vchip:", msg)
	return fmt.Errorf("%w: %s", errUsage, msg)
}
