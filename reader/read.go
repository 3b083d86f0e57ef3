package reader

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"image"
	"io"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
)

// AccessKey opens the chip: the document number, birth date and expiry date (YYMMDD)
// as printed in the MRZ, or the 6-digit card access number (CAN) printed on the
// document. The CAN needs a chip with PACE; the MRZ fields work with PACE and BAC.
// When both are given the CAN is used for PACE and the MRZ for BAC. It is personal
// data: never log it.
type AccessKey struct {
	DocumentNumber, BirthDate, ExpiryDate string
	CAN                                   string
}

func (k AccessKey) hasMRZ() bool {
	return k.DocumentNumber != "" && k.BirthDate != "" && k.ExpiryDate != ""
}

// Options tune a read. The zero value reads EF.COM, DG1, DG2, DG11, DG12, DG14 and
// DG15 when EF.COM lists them, and EF.SOD, in the largest chunks the card accepts,
// then checks authenticity against an empty trust store.
type Options struct {
	// Progress, if set, is called from Read's goroutine after every step and chunk.
	Progress func(Progress)
	// MaxRead caps the Ne of one READ BINARY; 0 chooses automatically.
	MaxRead int
	// NoExtended never tries extended-length READ BINARY.
	NoExtended bool
	// Files are the files to read after EF.COM, in order; nil means DG1, DG2, then
	// DG11, DG12, DG14 and DG15 when EF.COM lists them, then EF.SOD. A data group
	// EF.COM does not list is skipped.
	Files []lds.File
	// Rand is the source of the terminal's challenges and keys; nil means crypto/rand.
	Rand io.Reader
	// Trust holds the CSCA certificates passive authentication trusts; nil trusts
	// none, so a document can at best be "unknown-csca" (auth.LoadTrust reads a
	// master list or certificates).
	Trust *auth.TrustStore
	// Now is the time certificates must be valid at; zero means time.Now().
	Now time.Time
	// NoAuthenticity skips active, chip and passive authentication (Document.Authenticity
	// stays nil): for measuring the read alone.
	NoAuthenticity bool
}

// Progress reports how far a read has come. Step is "card access", "pace", "bac",
// "select application", or a file ("EF.COM", "DG1", "DG2", ...); for a file Done and
// Total count its bytes, for the other steps Done is 0 at the start and 1 at the end.
type Progress struct {
	Step        string
	Done, Total int
}

// Document is what a read found. It holds personal data: never log it.
type Document struct {
	Protocol   string  // "PACE" or "BAC"
	MRZ        mrz.MRZ // from DG1
	MRZError   error   // what mrz.Parse found wrong with DG1's MRZ (an *mrz.InvalidError), or nil
	DataGroups []int   // the data groups EF.COM lists
	Photo      *lds.Face
	PhotoImage image.Image // Photo decoded
	DG11       *lds.AdditionalPersonalDetails
	SOD        []byte // EF.SOD as read (tag 77), for passive authentication
	// Authenticity is the verdict of passive, active and chip authentication; nil
	// when Options.NoAuthenticity skipped them.
	Authenticity *auth.Verdict
	Raw          map[lds.File][]byte // every file read, as read
	APDUs        int                 // command APDUs sent, access control included
	BytesRead    int                 // file bytes read
	Elapsed      time.Duration       // how long Read took
	ReadSize     int                 // the largest READ BINARY Ne the card answered in full
	// Expired is true when the expiry date of DG1's MRZ has passed (Options.Now): the
	// chip may be genuine, but the document no longer proves who the holder is.
	Expired bool
}

// Read reads an eMRTD through t: what the chip says of extended length (the ATR when
// t has one, EF.ATR/INFO), EF.CardAccess, then PACE when the chip offers it and BAC
// otherwise (ICAO 9303-11 §4.2), the eMRTD application, EF.COM, DG1, DG2, DG11,
// DG12, DG14 and DG15 when present, and EF.SOD, then checks that the document is
// genuine (Document.Authenticity) and whether it has expired. A chip that ends secure
// messaging by answering an error in plain is opened again with the same protocol.
// Failures are *StepError naming the step; a wrong key matches ErrAccessDenied, a
// removed card the transport's error (ErrCardRemoved through PC/SC), a card
// answering nonsense ErrBadCard.
func Read(ctx context.Context, t iso7816.Transmitter, key AccessKey, opts Options) (*Document, error) {
	if !key.hasMRZ() && key.CAN == "" {
		return nil, ErrNoAccessKey
	}
	start := time.Now()
	ct := &countingTransmitter{t: t}
	doc := &Document{Raw: map[lds.File][]byte{}}
	progress := func(p Progress) {
		if opts.Progress != nil {
			opts.Progress(p)
		}
	}
	var ext iso7816.ExtendedLength // what the chip says; nothing when extended reads are off
	if !opts.NoExtended {
		var err error
		if ext, err = chipExtendedLength(ctx, t, ct); err != nil {
			return nil, &StepError{Step: stepCardAccess, Err: err}
		}
	}
	ch, maxShort, err := openSession(ctx, ct, key, opts, doc, progress)
	if err == nil {
		r := newFileReader(ch, maxShort, opts, progress)
		r.useChipInfo(ext, ch.Cipher().BlockSize())
		err = readFiles(ctx, r, opts, doc)
		doc.BytesRead, doc.ReadSize = doc.BytesRead+r.bytes, r.largest
	}
	if err == nil {
		doc.Expired = expired(doc.MRZ, opts.now())
	}
	if err == nil && !opts.NoAuthenticity {
		rnd := opts.Rand
		if rnd == nil {
			rnd = rand.Reader
		}
		// A failed check is the verdict's business, not a read error: staff must see
		// "not genuine", not "read failed".
		doc.Authenticity, err = authenticate(ctx, ch, ct, doc, opts, rnd, progress)
	}
	doc.APDUs, doc.Elapsed = ct.apdus, time.Since(start)
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// now is Options.Now, or the current time when it is zero.
func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// expired reports whether the document's expiry date has passed at now: a document
// is valid through its date of expiry (mrz.MRZ.Expiry). An MRZ without a readable
// expiry date is not flagged: mrz.Parse already reported it.
func expired(m mrz.MRZ, now time.Time) bool {
	exp, err := m.Expiry(now)
	return err == nil && !now.Before(exp.AddDate(0, 0, 1))
}

// readFiles reads EF.COM and then the files opts asks for, and decodes them into doc.
func readFiles(ctx context.Context, r *fileReader, opts Options, doc *Document) error {
	raw, err := r.read(ctx, lds.COM)
	if err != nil {
		return &StepError{Step: lds.COM.String(), Err: err}
	}
	doc.Raw[lds.COM] = raw
	com, err := lds.ParseCOM(raw)
	if err != nil {
		return &StepError{Step: lds.COM.String(), Err: badCard(err)}
	}
	doc.DataGroups = com.DataGroups()
	files := opts.Files
	if files == nil {
		files = []lds.File{lds.DG1, lds.DG2, lds.DG11, lds.DG12, lds.DG14, lds.DG15, lds.SOD}
	}
	for _, f := range files {
		if n := f.DataGroup(); n != 0 && !com.Has(n) {
			continue
		}
		raw, err := r.read(ctx, f)
		if err == nil {
			doc.Raw[f] = raw
			err = decode(f, raw, doc)
		}
		if err != nil {
			return &StepError{Step: f.String(), Err: err}
		}
	}
	return nil
}

// decode interprets the files the Document has fields for.
func decode(f lds.File, raw []byte, doc *Document) error {
	switch f {
	case lds.DG1:
		text, err := lds.ParseDG1(raw)
		if err != nil {
			return badCard(err)
		}
		doc.MRZ, doc.MRZError = mrz.Parse(text)
		var inv *mrz.InvalidError
		if doc.MRZError != nil && !errors.As(doc.MRZError, &inv) {
			return badCard(doc.MRZError)
		}
	case lds.DG2:
		face, err := lds.ParseDG2(raw)
		if err != nil {
			return badCard(err)
		}
		img, err := face.Decode()
		if err != nil {
			return fmt.Errorf("photo: %w", err)
		}
		doc.Photo, doc.PhotoImage = face, img
	case lds.DG11:
		d, err := lds.ParseDG11(raw)
		if err != nil {
			return badCard(err)
		}
		doc.DG11 = d
	case lds.SOD:
		if _, err := lds.ParseSOD(raw); err != nil {
			return badCard(err)
		}
		doc.SOD = raw
	}
	return nil
}

// countingTransmitter counts the APDUs that reach the card.
type countingTransmitter struct {
	t     iso7816.Transmitter
	apdus int
}

func (c *countingTransmitter) Transmit(ctx context.Context, command []byte) ([]byte, error) {
	c.apdus++
	return c.t.Transmit(ctx, command)
}
