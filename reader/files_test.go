package reader

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// bigFile is an LDS file of n bytes in all (tag 75, 3-byte length header).
func bigFile(n int) []byte {
	v := make([]byte, n-4)
	for i := range v {
		v[i] = byte(i * 7)
	}
	return append([]byte{0x75, 0x82, byte((n - 4) >> 8), byte(n - 4)}, v...)
}

func TestReadFileChunking(t *testing.T) {
	const size = 20000
	tests := []struct {
		name     string
		card     fakeCard
		opts     Options
		maxShort int
		wantSize int    // r.largest after the read
		wantAPDU int    // READ BINARY commands after the header, refusals included
		wantCmds string // the first READ BINARY commands after the header, if given
	}{
		{name: "extended accepted", maxShort: 223, wantSize: size - 8, wantAPDU: 1, wantCmds: "B0 ext 19992"},
		{name: "extended refused, then 223", card: fakeCard{noExtended: true}, maxShort: 223,
			wantSize: 223, wantAPDU: 1 + 90, wantCmds: "B0 ext 19992,B0 223,B0 223"},
		{name: "NoExtended option", opts: Options{NoExtended: true}, maxShort: 231,
			wantSize: 231, wantAPDU: 87, wantCmds: "B0 231,B0 231"},
		{name: "6Cxx gives the size", card: fakeCard{noExtended: true, maxLe: 0xC0, sixC: true}, maxShort: 223,
			wantSize: 192, wantAPDU: 2 + 105, wantCmds: "B0 ext 19992,B0 223,B0 192,B0 192"},
		{name: "6700 steps down", card: fakeCard{noExtended: true, maxLe: 100}, maxShort: 223,
			wantSize: 96, wantAPDU: 5 + 209, wantCmds: "B0 ext 19992,B0 223,B0 192,B0 160,B0 128,B0 96"},
		{name: "extended capped by reader", card: fakeCard{capResp: 4096}, maxShort: 223,
			wantSize: 4096, wantAPDU: 5, wantCmds: "B0 ext 19992,B0 ext 4096"},
		{name: "short responses", card: fakeCard{noExtended: true, capResp: 50}, opts: Options{NoExtended: true},
			maxShort: 223, wantSize: 50, wantAPDU: 400, wantCmds: "B0 223,B0 50"},
		{name: "MaxRead short", opts: Options{MaxRead: 128}, maxShort: 223,
			wantSize: 128, wantAPDU: 157, wantCmds: "B0 128,B0 128"},
		{name: "MaxRead extended", opts: Options{MaxRead: 1000}, maxShort: 223,
			wantSize: 1000, wantAPDU: 20, wantCmds: "B0 ext 1000,B0 ext 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := bigFile(size)
			card := tt.card
			card.files = map[lds.File][]byte{lds.DG2: want}
			var steps []Progress
			r := newFileReader(&card, tt.maxShort, tt.opts, func(p Progress) { steps = append(steps, p) })
			got, err := r.read(context.Background(), lds.DG2)
			if err != nil {
				t.Fatalf("read: %v (APDUs %v)", err, card.apdus[:min(len(card.apdus), 10)])
			}
			if !bytes.Equal(got, want) {
				t.Fatal("file differs")
			}
			reads := slices.DeleteFunc(slices.Clone(card.apdus), func(s string) bool { return s == "SELECT" })
			if r.largest != tt.wantSize || len(reads)-1 != tt.wantAPDU {
				t.Errorf("largest %d, READ BINARY after header %d; want %d, %d", r.largest, len(reads)-1, tt.wantSize, tt.wantAPDU)
			}
			if tt.wantCmds != "" {
				if got := strings.Join(reads[1:1+strings.Count(tt.wantCmds, ",")+1], ","); got != tt.wantCmds {
					t.Errorf("commands %s, want %s", got, tt.wantCmds)
				}
			}
			if r.bytes != size {
				t.Errorf("bytes %d", r.bytes)
			}
			checkProgress(t, steps, "DG2", size)
		})
	}
}

func checkProgress(t *testing.T, steps []Progress, step string, total int) {
	t.Helper()
	last := 0
	for _, p := range steps {
		if p.Step != step || p.Total != total || p.Done < last || p.Done > total {
			t.Fatalf("progress %+v after %d", p, last)
		}
		last = p.Done
	}
	if last != total {
		t.Errorf("progress ends at %d of %d", last, total)
	}
}

// TestReadFileLearns checks that what one file taught is used for the next: extended
// length and short file identifiers are tried once per card.
func TestReadFileLearns(t *testing.T) {
	tests := []struct {
		name   string
		card   fakeCard
		second []string // the last commands: those for the second file at least
	}{
		{"SFI, 6Cxx", fakeCard{noExtended: true, maxLe: 0xC0, sixC: true},
			[]string{"B0 sfi 8", "B0 192", "B0 192", "B0 192", "B0 192", "B0 192", "B0 32"}},
		{"no SFI, extended", fakeCard{noSFI: true},
			[]string{"B0 sfi 8", "SELECT", "B0 8", "B0 ext 2992", "SELECT", "B0 8", "B0 ext 992"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := tt.card
			card.files = map[lds.File][]byte{lds.DG2: bigFile(3000), lds.DG11: bigFile(1000)}
			r := newFileReader(&card, 223, Options{}, nil)
			for _, f := range []lds.File{lds.DG2, lds.DG11} {
				if _, err := r.read(context.Background(), f); err != nil {
					t.Fatal(err)
				}
			}
			if got := card.apdus[len(card.apdus)-len(tt.second):]; !slices.Equal(got, tt.second) {
				t.Errorf("second file: %v, want %v (all: %v)", got, tt.second, card.apdus)
			}
		})
	}
}

func TestReadFileSmallAndOdd(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		card fakeCard
	}{
		{"shorter than the header read", []byte{0x61, 0x02, 0x5F, 0x1F}, fakeCard{}},
		{"exactly the header", []byte{0x61, 0x06, 1, 2, 3, 4, 5, 6}, fakeCard{}},
		{"header read answered 6Cxx", []byte{0x61, 0x01, 0x00}, fakeCard{maxLe: 3, sixC: true}},
		{"beyond 32 KB needs B1", bigFile(40000), fakeCard{noExtended: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := tt.card
			card.files = map[lds.File][]byte{lds.DG1: tt.data}
			got, err := newFileReader(&card, 223, Options{}, nil).read(context.Background(), lds.DG1)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.data) {
				t.Errorf("got %d bytes, want %d", len(got), len(tt.data))
			}
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		name string
		card fakeCard
		file lds.File
		want error
		sw   uint16 // want an *iso7816.StatusError with this status word
	}{
		{name: "not found", card: fakeCard{}, file: lds.DG11, sw: 0x6A82},
		{name: "garbage answer", card: fakeCard{garbage: true}, file: lds.DG2, want: ErrBadCard},
		{name: "bad header", card: fakeCard{files: map[lds.File][]byte{lds.DG2: {0x75, 0x80, 0, 0}}}, file: lds.DG2, want: ErrBadCard},
		{name: "file shorter than announced", card: fakeCard{files: map[lds.File][]byte{lds.DG2: bigFile(5000)[:3000]}}, file: lds.DG2, want: ErrBadCard},
		{name: "huge length", card: fakeCard{files: map[lds.File][]byte{lds.DG2: {0x75, 0x84, 0x7F, 0, 0, 0, 0, 0}}}, file: lds.DG2, want: ErrBadCard},
		{name: "every size refused", card: fakeCard{refuseBody: true, files: map[lds.File][]byte{lds.DG2: bigFile(5000)}}, file: lds.DG2, want: ErrBadCard},
		{name: "other status", card: fakeCard{files: map[lds.File][]byte{lds.DG2: bigFile(5000)}, statusAt: 0x6982}, file: lds.DG2, sw: 0x6982},
		{name: "removed", card: fakeCard{removeAt: 3000, files: map[lds.File][]byte{lds.DG2: bigFile(5000)}}, file: lds.DG2, want: errRemoved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			card := tt.card
			if card.files == nil {
				card.files = map[lds.File][]byte{lds.DG1: bigFile(100)}
			}
			_, err := newFileReader(&card, 223, Options{}, nil).read(context.Background(), tt.file)
			if tt.sw != 0 && !iso7816.IsStatus(err, tt.sw) {
				t.Fatalf("error = %v, want status %04X", err, tt.sw)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
		})
	}
}
