package e2e

import (
	"bytes"
	"errors"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/internal/pcscdtest"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// TestThroughPCSCD runs every end-to-end case against one pcscd: the virtual chip in the
// vpcd reader, read by reader.ReadFromReader through reader/pcsc.
func TestThroughPCSCD(t *testing.T) {
	pcscdtest.Start(t)
	t.Run("raw APDUs", testRawVPCD)
	for _, tt := range []struct {
		name     string
		edit     func(*vchip.Config)
		key      reader.AccessKey
		protocol string
		maxRead  int // the largest READ BINARY the read may have used; 0: any
	}{
		{"BAC", func(c *vchip.Config) { c.Protocol = "bac" }, specimenKey, "BAC", 0},
		{"PACE", nil, specimenKey, "PACE", 0},
		{"PACE with CAN", func(c *vchip.Config) { c.CAN = "123456" }, reader.AccessKey{CAN: "123456"}, "PACE", 0},
		{"PACE 3DES NIST P-256", func(c *vchip.Config) { c.Cipher, c.PACEParameterID = "3des", 12 }, specimenKey, "PACE", 0},
		{"BAC without extended length", func(c *vchip.Config) { c.Protocol, c.NoExtended = "bac", true }, specimenKey, "BAC", 231},
		{"PACE without extended length", func(c *vchip.Config) { c.NoExtended = true }, specimenKey, "PACE", 223},
		{"BAC max Le 128", func(c *vchip.Config) { c.Protocol, c.NoExtended, c.MaxLe = "bac", true, 128 }, specimenKey, "BAC", 128},
		{"PACE max Le 128", func(c *vchip.Config) { c.NoExtended, c.MaxLe = true, 128 }, specimenKey, "PACE", 128},
		// Errors answered in plain end the session (gmrtd issue #457): the reader opens it again.
		{"PACE plain errors, no SFI", func(c *vchip.Config) { c.PlainErrors, c.NoSFI = true, true }, specimenKey, "PACE", 0},
		{"BAC plain errors, no SFI", func(c *vchip.Config) { c.Protocol, c.PlainErrors, c.NoSFI = "bac", true, true }, specimenKey, "BAC", 0},
		{"PACE plain errors, no extended length, no EF.ATR/INFO", func(c *vchip.Config) { c.PlainErrors, c.NoExtended, c.NoATRInfo = true, true, true }, specimenKey, "PACE", 223},
		{"BAC without extended length, no EF.ATR/INFO", func(c *vchip.Config) { c.Protocol, c.NoExtended, c.NoATRInfo = "bac", true, true }, specimenKey, "BAC", 231},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := specimen()
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			ic := insert(t, cfg)
			doc, err := read(t, ic, tt.key, reader.Options{})
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			checkDocument(t, doc, tt.protocol)
			if tt.maxRead > 0 && doc.ReadSize > tt.maxRead {
				t.Errorf("largest READ BINARY %d, the chip allows %d", doc.ReadSize, tt.maxRead)
			}
			t.Logf("%s: %d APDUs, %d bytes, largest read %d, %v", doc.Protocol, doc.APDUs, doc.BytesRead, doc.ReadSize, doc.Elapsed)
		})
	}
	t.Run("two reads in a row", testTwoReads)
	t.Run("wrong key then right key", testWrongKey)
	t.Run("card pulled away", testCardPulledAway)
	t.Run("corrupted MAC", testCorruptMAC)
	t.Run("authenticity", testAuthenticity)
	t.Run("real documents", testRealDocuments)
	t.Run("read-id and vchip commands", testCLI)
}

// checkDocument checks what a read of the specimen must find.
func checkDocument(t *testing.T, doc *reader.Document, protocol string) {
	t.Helper()
	if doc.Protocol != protocol {
		t.Errorf("protocol %q, want %q", doc.Protocol, protocol)
	}
	if doc.MRZError != nil || doc.MRZ.DocumentNumber != "L898902C" || doc.MRZ.Surname != "ERIKSSON" {
		t.Errorf("MRZ from DG1: number %q, surname %q, error %v", doc.MRZ.DocumentNumber, doc.MRZ.Surname, doc.MRZError)
	}
	if doc.Photo == nil || doc.PhotoImage == nil {
		t.Fatal("no photo")
	}
	want, err := vchip.Portrait()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc.Photo.Data, want) {
		t.Errorf("photo of %d bytes, want the chip's %d-byte portrait", len(doc.Photo.Data), len(want))
	}
	if b := doc.PhotoImage.Bounds(); b.Dx() != 480 || b.Dy() != 600 {
		t.Errorf("photo decoded to %dx%d, want 480x600", b.Dx(), b.Dy())
	}
	if len(doc.SOD) == 0 {
		t.Error("EF.SOD not read")
	}
	if !doc.Expired || doc.Authenticity == nil || !doc.Authenticity.Expired {
		t.Error("the specimen expired on 23 June 1994, but the read does not say so")
	}
	// No trust store is given here, so the best verdict is "unverified"; the chip's
	// own checks must pass (authenticity_test.go checks the rest).
	if a := doc.Authenticity; a == nil || a.Overall != auth.Unverified || a.Active.Status != auth.Passed || a.Chip.Status != auth.Passed {
		t.Errorf("authenticity %+v", a)
	}
}

// testTwoReads checks that a read leaves the card ready for the next: reader/pcsc resets
// the card on disconnect, vpcd passes the reset on, and the chip drops its secure channel.
func testTwoReads(t *testing.T) {
	ic := insert(t, specimen())
	first, err := read(t, ic, specimenKey, reader.Options{})
	if err != nil {
		t.Fatalf("first read: %v", err)
	}
	second, err := read(t, ic, specimenKey, reader.Options{})
	if err != nil {
		t.Fatalf("second read: %v", err)
	}
	checkDocument(t, second, "PACE")
	if second.APDUs != first.APDUs {
		t.Errorf("second read took %d APDUs, the first %d", second.APDUs, first.APDUs)
	}
}

func testWrongKey(t *testing.T) {
	for _, protocol := range []string{"bac", "pace"} {
		t.Run(protocol, func(t *testing.T) {
			cfg := specimen()
			cfg.Protocol = protocol
			ic := insert(t, cfg)
			wrong := specimenKey
			wrong.ExpiryDate = "940624"
			_, err := read(t, ic, wrong, reader.Options{})
			if !errors.Is(err, icao.ErrAccessDenied) {
				t.Fatalf("read with a wrong expiry date: %v, want icao.ErrAccessDenied", err)
			}
			var step *reader.StepError
			if !errors.As(err, &step) || step.Step != protocol {
				t.Errorf("error %v does not name the step %q", err, protocol)
			}
			doc, err := read(t, ic, specimenKey, reader.Options{})
			if err != nil {
				t.Fatalf("read with the right key after a wrong one: %v", err)
			}
			checkDocument(t, doc, map[string]string{"bac": "BAC", "pace": "PACE"}[protocol])
		})
	}
}

func testCardPulledAway(t *testing.T) {
	cfg := specimen()
	cfg.DropAfterBytes = 5000 // in the middle of DG2
	ic := insert(t, cfg)
	_, err := read(t, ic, specimenKey, reader.Options{NoExtended: true})
	if !errors.Is(err, reader.ErrCardRemoved) {
		t.Fatalf("read of a card pulled away: %v, want reader.ErrCardRemoved", err)
	}
	var step *reader.StepError
	if !errors.As(err, &step) || step.Step != "DG2" {
		t.Errorf("error %v does not name DG2, the file being read when the card left", err)
	}
	if err := ic.wait(); !errors.Is(err, vchip.ErrCardRemoved) {
		t.Errorf("the chip's connection ended with %v, want vchip.ErrCardRemoved", err)
	}
	waitPresent(t, ic.reader, false)

	again := insert(t, specimen()) // the citizen puts the passport back
	doc, err := read(t, again, specimenKey, reader.Options{})
	if err != nil {
		t.Fatalf("read after the card came back: %v", err)
	}
	checkDocument(t, doc, "PACE")
}

func testCorruptMAC(t *testing.T) {
	cfg := specimen()
	cfg.CorruptMAC = true
	ic := insert(t, cfg)
	_, err := read(t, ic, specimenKey, reader.Options{})
	if !errors.Is(err, icao.ErrMAC) {
		t.Fatalf("read of a chip whose MACs do not verify: %v, want icao.ErrMAC", err)
	}
}
