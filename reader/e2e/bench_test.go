package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/internal/pcscdtest"
	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
	"github.com/citizenkiosk/citizenkiosk/reader/pcsc"
)

// readSizes are the READ BINARY sizes the benchmarks compare: extended length (the whole
// file at once), the largest short read under secure messaging (231 with 3DES, 223 with
// AES), and the 128 bytes some chips allow at most. floor is the chunk of the plain
// reads of the transport floor at that size.
var readSizes = []struct {
	name  string
	opts  reader.Options
	floor []int
}{
	{"extended", reader.Options{}, []int{65536}},
	{"short", reader.Options{NoExtended: true}, []int{231, 223}},
	{"128", reader.Options{NoExtended: true, MaxRead: 128}, []int{128}},
}

// BenchmarkRead is a full read (EF.COM, DG1, the ~20 KB DG2, DG11, EF.SOD) through pcscd,
// vpcd and the virtual chip, per read size and access control, each size beside its
// transport floor: the same files moved with plain READ BINARY, no access control or
// secure messaging. Sizes are grouped so that each comparison runs close in time on a
// shared machine.
//
//	go test -tags ci -run '^$' -bench . ./reader/e2e
func BenchmarkRead(b *testing.B) {
	pcscdtest.Start(b) // one pcscd for every sub-benchmark
	for _, size := range readSizes {
		for _, protocol := range []string{"BAC", "PACE"} {
			b.Run(size.name+"/"+protocol, func(b *testing.B) {
				cfg := specimen()
				if protocol == "BAC" {
					cfg.Protocol = "bac"
				}
				// The files of the floor only: authenticity has its own benchmark.
				cfg.ActiveAuth, cfg.ChipAuth = "none", "none"
				opts := size.opts
				opts.NoAuthenticity = true
				benchRead(b, insert(b, cfg), opts)
			})
		}
		for _, chunk := range size.floor {
			b.Run(fmt.Sprintf("%s/floor-%d", size.name, chunk), func(b *testing.B) {
				cfg := specimen()
				cfg.Unprotected = true
				benchFloor(b, insert(b, cfg), chunk)
			})
		}
	}
}

func benchRead(b *testing.B, ic *insertedChip, opts reader.Options) {
	var doc *reader.Document
	for b.Loop() {
		var err error
		if doc, err = read(b, ic, specimenKey, opts); err != nil {
			b.Fatalf("read: %v", err)
		}
	}
	report(b, doc.APDUs, doc.BytesRead, doc.ReadSize)
}

// benchFloor reads the files reader.Read reads, in the same PC/SC session shape
// (connect, read, disconnect with reset), with plain SELECT and READ BINARY of chunk bytes.
func benchFloor(b *testing.B, ic *insertedChip, chunk int) {
	var apdus, bytes, largest int
	for b.Loop() {
		apdus, bytes, largest = 0, 0, 0
		err := func() error {
			pc, err := pcsc.Open()
			if err != nil {
				return err
			}
			defer pc.Close()
			ctx := context.Background()
			if _, err := pc.WaitForCard(ctx, ic.reader); err != nil {
				return err
			}
			card, err := pc.Connect(ic.reader)
			if err != nil {
				return err
			}
			defer card.Close()
			send := func(c iso7816.Command) (iso7816.Response, error) {
				apdus++
				raw, err := c.Bytes()
				if err == nil {
					raw, err = card.Transmit(ctx, raw)
				}
				if err != nil {
					return iso7816.Response{}, err
				}
				return iso7816.ParseResponse(raw)
			}
			if _, err := send(iso7816.Command{Ins: 0xA4, P1: 0x04, P2: 0x0C, Data: []byte{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01}}); err != nil {
				return err
			}
			for _, f := range []lds.File{lds.COM, lds.DG1, lds.DG2, lds.DG11, lds.SOD} {
				n, most, err := readPlain(send, f, chunk)
				if err != nil {
					return fmt.Errorf("%v: %w", f, err)
				}
				bytes, largest = bytes+n, max(largest, most)
			}
			return nil
		}()
		if err != nil {
			b.Fatalf("plain read: %v", err)
		}
	}
	report(b, apdus, bytes, largest)
}

// readPlain selects f and reads it to its end in chunks; it returns the file's length
// and the largest chunk the chip answered.
func readPlain(send func(iso7816.Command) (iso7816.Response, error), f lds.File, chunk int) (n, largest int, err error) {
	r, err := send(iso7816.Command{Ins: 0xA4, P1: 0x02, P2: 0x0C, Data: []byte{byte(f >> 8), byte(f)}})
	if err != nil || !r.OK() {
		return 0, 0, fmt.Errorf("select: SW %04X, %v", r.SW, err)
	}
	for {
		r, err := send(iso7816.Command{Ins: 0xB0, P1: byte(n >> 8), P2: byte(n), Ne: chunk})
		switch {
		case err != nil:
			return 0, 0, err
		case r.SW == iso7816.SWWrongP1P2 && n > 0:
			return n, largest, nil // the previous chunk ended exactly at the end of the file
		case !r.OK():
			return 0, 0, fmt.Errorf("read at %d: SW %04X", n, r.SW)
		}
		n, largest = n+len(r.Data), max(largest, len(r.Data))
		if len(r.Data) < chunk {
			return n, largest, nil
		}
	}
}

// report adds the figures of one read: command APDUs, file bytes moved (not to be
// confused with -benchmem's B/op, which counts allocations), the largest READ BINARY
// answered, and the time per APDU.
func report(b *testing.B, apdus, bytes, readSize int) {
	b.ReportMetric(float64(apdus), "APDUs/op")
	b.ReportMetric(float64(bytes), "bytes/op")
	b.ReportMetric(float64(readSize), "readsize")
	if apdus > 0 && b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(apdus), "µs/APDU")
	}
}
