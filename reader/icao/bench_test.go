package icao

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// streamRand is a deterministic byte stream (SHA-256 of a seed and a counter), so
// that a benchmark can replay the same exchange.
type streamRand struct {
	seed byte
	n    uint64
	buf  []byte
}

func (r *streamRand) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) {
		sum := sha256.Sum256(binary.BigEndian.AppendUint64([]byte{r.seed}, r.n))
		r.n++
		r.buf = append(r.buf, sum[:]...)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// replay answers with recorded responses in order (no chip-side work).
type replay struct {
	answers [][]byte
	i       int
}

func (r *replay) Transmit(context.Context, []byte) ([]byte, error) {
	a := r.answers[r.i%len(r.answers)]
	r.i++
	return a, nil
}

// record passes commands to inner and keeps the answers.
type record struct {
	inner   iso7816.Transmitter
	answers [][]byte
}

func (r *record) Transmit(ctx context.Context, cmd []byte) ([]byte, error) {
	a, err := r.inner.Transmit(ctx, cmd)
	r.answers = append(r.answers, a)
	return a, err
}

// BenchmarkBAC measures the terminal side of BAC (two APDUs, 3DES, retail MACs)
// against recorded chip answers.
func BenchmarkBAC(b *testing.B) {
	seed, _ := BACKeySeed("L898902C", "690806", "940623")
	card, _ := NewBACCard(seed, &streamRand{seed: 1})
	rec := &record{inner: &memoryChip{bac: card}}
	if _, err := BAC(context.Background(), rec, seed, &streamRand{seed: 2}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := BAC(context.Background(), &replay{answers: rec.answers}, seed, &streamRand{seed: 2}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPACE measures the terminal side of PACE-GM with AES-128 per curve and
// MODP group (mapping, key agreement, tokens: four exponentiations, plus public
// key validation for DH) against recorded chip answers, so the chip's share of
// the work is not counted.
func BenchmarkPACE(b *testing.B) {
	pw, _ := MRZPassword("T22000129", "640812", "101031")
	var infos []PACEInfo
	var names []string
	for _, id := range ECParameterIDs {
		cv, _ := curveByID(id)
		infos, names = append(infos, paceInfo(AES128, id)), append(names, cv.Name)
	}
	for _, id := range DHParameterIDs {
		d, _ := dhGroupByID(id)
		infos = append(infos, PACEInfo{Protocol: DHGenericMapping(AES128), Version: 2, ParameterID: id})
		names = append(names, fmt.Sprintf("DH %d-%d", d.p.BitLen(), d.q.BitLen()))
	}
	for i, info := range infos {
		b.Run(names[i], func(b *testing.B) {
			card, _ := NewPACECard(pw, info, &streamRand{seed: 1})
			rec := &record{inner: &memoryChip{pace: card}}
			if _, err := PACE(context.Background(), rec, pw, info, &streamRand{seed: 2}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := PACE(context.Background(), &replay{answers: rec.answers}, pw, info, &streamRand{seed: 2}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUnwrapResponse measures verifying and decrypting a protected READ
// BINARY answer of 223 plain bytes, the most a short AES response holds.
func BenchmarkUnwrapResponse(b *testing.B) {
	for _, c := range []Cipher{TripleDES, AES128} {
		b.Run(c.String(), func(b *testing.B) {
			term, chip := smPair(b, c)
			start := term.SSC()
			raw, _ := chip.WrapResponse(iso7816.Response{Data: make([]byte, 223), SW: iso7816.SWOK})
			b.SetBytes(223)
			for b.Loop() {
				// Rewind the SSC so that every iteration verifies the same answer.
				copy(term.ssc, start)
				if _, err := term.UnwrapResponse(raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
