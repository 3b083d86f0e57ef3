package reader

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/vchip"
)

// ICAO 9303-11 Appendix D specimen: document L898902C<, born 690806, expires 940623.
var specimenKey = AccessKey{DocumentNumber: "L898902C", BirthDate: "690806", ExpiryDate: "940623"}

func newChip(t *testing.T, edit func(*vchip.Config)) *vchip.Chip {
	t.Helper()
	cfg := vchip.Config{DocumentNumber: "L898902C", BirthDate: "690806", ExpiryDate: "940623",
		Surname: "HANSEN", GivenNames: "MAREN", CAN: "123456"}
	if edit != nil {
		edit(&cfg)
	}
	c, err := vchip.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRead(t *testing.T) {
	tests := []struct {
		name      string
		chip      func(*vchip.Config)
		key       AccessKey
		opts      Options
		protocol  string
		readSize  int
		maxAPDUs  int
		wantSteps []string
	}{
		{name: "PACE with MRZ, extended", key: specimenKey, protocol: "PACE", maxAPDUs: 32,
			wantSteps: []string{"card access", "pace", "select application", "EF.COM", "DG1", "DG2", "DG11", "DG14", "DG15", "EF.SOD", "active authentication", "chip authentication", "passive authentication"}},
		{name: "PACE with CAN", key: AccessKey{CAN: "123456"}, protocol: "PACE", maxAPDUs: 32},
		{name: "PACE 3DES", chip: func(c *vchip.Config) { c.Cipher = "3des" }, key: specimenKey, protocol: "PACE",
			opts: Options{NoExtended: true}, readSize: 231},
		{name: "BAC only", chip: func(c *vchip.Config) { c.Protocol = "bac" }, key: specimenKey, protocol: "BAC",
			wantSteps: []string{"card access", "select application", "bac", "EF.COM", "DG1", "DG2", "DG11", "DG14", "DG15", "EF.SOD", "active authentication", "chip authentication", "passive authentication"}},
		{name: "no extended on the chip", chip: func(c *vchip.Config) { c.NoExtended = true }, key: specimenKey,
			protocol: "PACE", readSize: 223},
		{name: "chip caps Le at C0", chip: func(c *vchip.Config) { c.NoExtended, c.MaxLe = true, 0xC0 }, key: specimenKey,
			protocol: "PACE", readSize: 0xC0},
		{name: "MaxRead", key: specimenKey, opts: Options{MaxRead: 100}, protocol: "PACE", readSize: 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chip := newChip(t, tt.chip)
			var steps []string
			tt.opts.Progress = func(p Progress) {
				if len(steps) == 0 || steps[len(steps)-1] != p.Step {
					steps = append(steps, p.Step)
				}
			}
			doc, err := Read(context.Background(), chip, tt.key, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Protocol != tt.protocol {
				t.Errorf("protocol %s, want %s", doc.Protocol, tt.protocol)
			}
			if doc.MRZ.DocumentNumber != "L898902C" || doc.MRZ.Surname != "HANSEN" || doc.MRZError != nil {
				t.Errorf("MRZ %+v, %v", doc.MRZ, doc.MRZError)
			}
			if !slices.Equal(doc.DataGroups, []int{1, 2, 11, 14, 15}) {
				t.Errorf("data groups %v", doc.DataGroups)
			}
			if doc.Photo == nil || doc.PhotoImage == nil || doc.PhotoImage.Bounds().Dx() != doc.Photo.Width {
				t.Errorf("photo %+v", doc.Photo)
			}
			if doc.DG11 == nil || doc.DG11.FullName == "" || len(doc.SOD) == 0 || doc.SOD[0] != 0x77 {
				t.Errorf("DG11 %v, SOD %d bytes", doc.DG11, len(doc.SOD))
			}
			t.Logf("%s: %d APDUs, %d bytes, read size %d, %v", doc.Protocol, doc.APDUs, doc.BytesRead, doc.ReadSize, doc.Elapsed)
			if tt.readSize != 0 && doc.ReadSize != tt.readSize {
				t.Errorf("read size %d, want %d", doc.ReadSize, tt.readSize)
			}
			if tt.maxAPDUs != 0 && doc.APDUs > tt.maxAPDUs {
				t.Errorf("%d APDUs, want at most %d", doc.APDUs, tt.maxAPDUs)
			}
			total := 0
			for _, raw := range doc.Raw {
				total += len(raw)
			}
			if doc.BytesRead != total || doc.Elapsed <= 0 {
				t.Errorf("bytes read %d, files hold %d; elapsed %v", doc.BytesRead, total, doc.Elapsed)
			}
			if tt.wantSteps != nil && !slices.Equal(steps, tt.wantSteps) {
				t.Errorf("steps %v\nwant  %v", steps, tt.wantSteps)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	wrong := specimenKey
	wrong.BirthDate = "690807"
	tests := []struct {
		name string
		chip func(*vchip.Config)
		key  AccessKey
		step string
		want error
	}{
		{"wrong MRZ, PACE", nil, wrong, "pace", ErrAccessDenied},
		{"wrong MRZ, BAC", func(c *vchip.Config) { c.Protocol = "bac" }, wrong, "bac", ErrAccessDenied},
		{"wrong CAN", nil, AccessKey{CAN: "654321"}, "pace", ErrAccessDenied},
		{"CAN with a BAC-only chip", func(c *vchip.Config) { c.Protocol = "bac" }, AccessKey{CAN: "123456"}, "bac", ErrCANNeedsPACE},
		{"card leaves during DG2", func(c *vchip.Config) { c.DropAfterBytes = 2000 }, specimenKey, "DG2", vchip.ErrCardRemoved},
		{"bad MAC", func(c *vchip.Config) { c.CorruptMAC = true }, specimenKey, "select application", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(context.Background(), newChip(t, tt.chip), tt.key, Options{})
			var se *StepError
			if !errors.As(err, &se) || se.Step != tt.step {
				t.Fatalf("error %v, want a StepError at %q", err, tt.step)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := Read(context.Background(), newChip(t, nil), AccessKey{DocumentNumber: "X"}, Options{}); !errors.Is(err, ErrNoAccessKey) {
		t.Errorf("no key: %v", err)
	}
}

// pullable is a card that can be pulled out of the reader and put back.
type pullable struct {
	mu        sync.Mutex
	chip      *vchip.Chip
	pullAfter int // APDUs before the card is pulled; 0 = never
	sent      int
}

func (p *pullable) Transmit(ctx context.Context, apdu []byte) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pullAfter > 0 && p.sent >= p.pullAfter {
		return nil, ErrCardRemoved
	}
	p.sent++
	return p.chip.Transmit(ctx, apdu)
}

func (p *pullable) reinsert() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.chip.Reset()
	p.pullAfter = 0
}

// TestReadAfterRemoval pulls the card in the middle of a read and checks the read
// fails with ErrCardRemoved at the step it was in, and that the next read of the
// same card, put back, succeeds.
func TestReadAfterRemoval(t *testing.T) {
	card := &pullable{chip: newChip(t, func(c *vchip.Config) { c.NoExtended = true }), pullAfter: 30}
	_, err := Read(context.Background(), card, specimenKey, Options{})
	var se *StepError
	if !errors.Is(err, ErrCardRemoved) || !errors.As(err, &se) || se.Step != "DG2" {
		t.Fatalf("error %v, want ErrCardRemoved at DG2", err)
	}
	card.reinsert()
	doc, err := Read(context.Background(), card, specimenKey, Options{})
	if err != nil {
		t.Fatalf("read after reinsertion: %v", err)
	}
	if doc.Photo == nil {
		t.Error("no photo")
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := Read(ctx, newChip(t, nil), specimenKey, Options{Progress: func(p Progress) {
		if n++; p.Step == "DG1" {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// TestReadGarbage checks a card that answers without a status word.
func TestReadGarbage(t *testing.T) {
	_, err := Read(context.Background(), iso7816Func(func([]byte) []byte { return []byte{0x90} }), specimenKey, Options{})
	if !errors.Is(err, ErrBadCard) {
		t.Errorf("error %v, want ErrBadCard", err)
	}
}

type iso7816Func func([]byte) []byte

func (f iso7816Func) Transmit(_ context.Context, apdu []byte) ([]byte, error) { return f(apdu), nil }

var _ iso7816.Transmitter = iso7816Func(nil)
