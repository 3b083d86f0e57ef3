package main

import (
	"context"
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// The passport on the screenshot counter's reader.
const (
	shotDocument = "DK4711234"
	shotBirth    = "880314"
	shotExpiry   = "310630"
)

// shotIdentify is what the counter's Identify screens need for the screenshots: a virtual
// passport in-process, and an issuer that answers with a specimen code, so that pictures
// depend on no server and the letter is the same in every run.
type shotIdentify struct {
	reader kiosk.IdentityReader
	issuer specimenIssuer
	audit  *discardAudit
}

func newShotIdentify() (shotIdentify, error) {
	chip, err := vchip.New(vchip.Config{DocumentNumber: shotDocument, BirthDate: shotBirth, ExpiryDate: shotExpiry,
		Surname: "TESTESEN", GivenNames: "SOEREN", Sex: "M", Nationality: "DNK"})
	if err != nil {
		return shotIdentify{}, fmt.Errorf("screenshot passport: %w", err)
	}
	trust := &auth.TrustStore{}
	if err := trust.AddBytes(chip.PKI().CSCAPEM()); err != nil {
		return shotIdentify{}, fmt.Errorf("screenshot passport: %w", err)
	}
	rd := kiosk.IdentityReaderFunc(func(ctx context.Context, key reader.AccessKey, progress func(reader.Progress)) (*reader.Document, error) {
		chip.Reset()
		return reader.Read(ctx, chip, key, reader.Options{Progress: progress, Trust: trust})
	})
	return shotIdentify{reader: rd, audit: &discardAudit{}}, nil
}

// specimenIssuer issues the letter's specimen code. It is for pictures only.
type specimenIssuer struct{}

func (specimenIssuer) RequestKey() (string, error) { return "screenshots/1", nil }

func (specimenIssuer) IssueCode(context.Context, string, kiosk.CodeRequest) (kiosk.IssuedCode, error) {
	return kiosk.IssuedCode{UserIDHint: "so******42", Code: "ABCD-EFGH-JKLM-NPQR", ExpiresAt: now.Add(48 * time.Hour)}, nil
}

// discardAudit accepts the screenshots' audit records and keeps none: nobody was identified.
type discardAudit struct{}

func (*discardAudit) AppendAudit(booking.AuditRecord) error { return nil }

// identify types the passport's MRZ fields and reads its chip.
func (s *session) identify() step {
	return func() error {
		return s.do(s.tap("Identify"), s.typeInto("Document number", shotDocument),
			s.typeInto("Birth date", shotBirth), s.typeInto("Expiry date", shotExpiry), s.tap("Read the chip"))
	}
}
