package command

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/internal/config"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
)

// TestDemoChip: the demo passport opens with the hints' MRZ fields and with the CAN, reads
// as genuine, and as not genuine when forged.
func TestDemoChip(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		forged bool
		key    reader.AccessKey
		want   auth.Overall
	}{
		{false, reader.AccessKey{DocumentNumber: demoDocNumber, BirthDate: demoBirth, ExpiryDate: demoExpiry(now)}, auth.Genuine},
		{false, reader.AccessKey{CAN: demoCAN}, auth.Genuine},
		{true, reader.AccessKey{CAN: demoCAN}, auth.NotGenuine},
	} {
		rd, err := demoChip(tc.forged, now)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // a second read of the same chip works as well
			doc, err := rd.ReadIdentity(context.Background(), tc.key, nil)
			if err != nil {
				t.Fatalf("forged %v: %v", tc.forged, err)
			}
			if doc.Authenticity == nil || doc.Authenticity.Overall != tc.want || doc.PhotoImage == nil {
				t.Fatalf("forged %v: verdict %+v", tc.forged, doc.Authenticity)
			}
		}
	}
}

// TestDemoIdentifyParts: demo mode's wiring reads the demo passport, gets a code from the
// in-process central server over loopback, and keeps the audit trail in kiosk.db.
func TestDemoIdentifyParts(t *testing.T) {
	now := time.Now()
	cfg := config.Default()
	cfg.DataDir, cfg.KioskID = t.TempDir(), "demo-counter"
	dc, err := startDemoCentral(cfg.DataDir, now)
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	cfg.Central.URL = dc.URL
	db, err := openStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := newIdentifyParts(cfg, db, true, false)
	if err != nil || p.reader == nil || p.issuer == nil || p.audit == nil {
		t.Fatalf("parts %+v, %v", p, err)
	}
	if _, err := p.reader.ReadIdentity(context.Background(), reader.AccessKey{CAN: demoCAN}, nil); err != nil {
		t.Fatal(err)
	}
	key, err := p.issuer.RequestKey()
	if err != nil || !strings.HasPrefix(key, "demo-counter/") {
		t.Fatalf("key %q, %v", key, err)
	}
	code, err := p.issuer.IssueCode(context.Background(), key, kiosk.CodeRequest{Staff: demoStaff, DocumentType: "passport",
		IssuingState: "DNK", Protocol: "PACE", Authenticity: booking.VerdictGenuine, FaceConfirmed: true})
	if err != nil || code.Code == "" {
		t.Fatalf("code: %v", err)
	}
	err = p.audit.AppendAudit(booking.AuditRecord{Action: booking.AuditCodeIssued, At: now, Staff: demoStaff,
		Counter: "1", Method: booking.MethodChip, Verdict: booking.VerdictGenuine, Outcome: code.UserIDHint})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.VerifyAudit(); err != nil || n != 1 {
		t.Fatalf("audit trail: %d, %v", n, err)
	}
}
