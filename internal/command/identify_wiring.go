package command

import (
	"context"
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/internal/codeissuer"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// identifyParts are what the counter's Identify action needs. A part left nil hides the
// action: a counter that cannot audit or reach central must not seem able to issue codes.
type identifyParts struct {
	reader kiosk.IdentityReader
	issuer kiosk.CodeIssuer
	audit  kiosk.AuditLog
}

// newIdentifyParts wires the counter's card reader (PC/SC, or the demo's virtual passport),
// the activation codes of the central API, and the audit trail in the kiosk database.
func newIdentifyParts(cfg config.Config, db *storage.DB, demo, forged bool) (identifyParts, error) {
	var p identifyParts
	if demo {
		rd, err := demoChip(forged, time.Now())
		if err != nil {
			return p, err
		}
		p.reader = rd
	} else {
		rd, err := pcscReader(cfg.Reader)
		if err != nil {
			return p, err
		}
		p.reader = rd
	}
	if cfg.Central.URL != "" {
		client, err := newCentralClient(cfg)
		if err != nil {
			return p, err
		}
		p.issuer = codeissuer.New(client, cfg.KioskID, db, nil)
	}
	p.audit = db
	return p, nil
}

// pcscReader reads the document on the configured PC/SC reader, trusting the CSCAs of
// [reader] trust.
func pcscReader(c config.Reader) (kiosk.IdentityReader, error) {
	var trust *auth.TrustStore
	if c.Trust != "" {
		t, err := auth.LoadTrust(c.Trust)
		if err != nil {
			return nil, fmt.Errorf("config: reader.trust: %w", err)
		}
		trust = t
	}
	return kiosk.IdentityReaderFunc(func(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
		return reader.ReadFromReader(ctx, c.Name, key, reader.Options{Progress: progress, Trust: trust})
	}), nil
}

// The demo's citizen, whose passport lies on the demo counter's virtual reader.
const (
	demoDocNumber = "DK4711234"
	demoBirth     = "880314"
	demoCAN       = "424242"
)

// demoChip is the demo counter's reader: an in-process virtual passport, signed by a test
// CSCA the reader trusts, so it reads as genuine; forged makes it a clone, not genuine.
// It expires five years after now, so the demo never ages into "expired".
func demoChip(forged bool, now time.Time) (kiosk.IdentityReader, error) {
	cfg := vchip.Config{DocumentNumber: demoDocNumber, BirthDate: demoBirth,
		ExpiryDate: demoExpiry(now), Surname: "TESTESEN", GivenNames: "SOEREN",
		Sex: "M", Nationality: "DNK", CAN: demoCAN}
	if forged {
		cfg.Tamper = "clone"
	}
	chip, err := vchip.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("demo chip: %w", err)
	}
	trust := &auth.TrustStore{}
	if err := trust.AddBytes(chip.PKI().CSCAPEM()); err != nil {
		return nil, fmt.Errorf("demo chip: %w", err)
	}
	return kiosk.IdentityReaderFunc(func(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
		chip.Reset() // a new read is a card put on the reader anew
		return reader.Read(ctx, chip, key, reader.Options{Progress: progress, Trust: trust})
	}), nil
}

// demoExpiry is the demo passport's expiry, YYMMDD: five years on, so it never expires.
func demoExpiry(now time.Time) string { return now.AddDate(5, 0, 0).Format("060102") }

// newCentralClient is the client of the central API the config names.
func newCentralClient(cfg config.Config) (*central.Client, error) {
	return central.NewClient(central.Options{
		URL: cfg.Central.URL, Site: cfg.Site, KioskID: cfg.KioskID,
		ClientCert: cfg.Central.ClientCert, ClientKey: cfg.Central.ClientKey,
		CA: cfg.Central.CA, PinnedKey: cfg.Central.PinnedKey,
	})
}
