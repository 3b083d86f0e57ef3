package reader

import (
	"context"
	"io"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
)

// Steps of the authenticity checks, as Progress names them.
const (
	stepActiveAuth  = "active authentication"
	stepChipAuth    = "chip authentication"
	stepPassiveAuth = "passive authentication"
)

// authenticate checks that the document read is genuine (ICAO 9303-11 §5, §6):
// active authentication over the open channel ch, then chip authentication, which
// re-keys the channel over inner and so comes last (after a failure the chip has
// dropped its keys), then passive authentication of every data group read.
func authenticate(ctx context.Context, ch, inner iso7816.Transmitter, doc *Document, opts Options,
	rnd io.Reader, progress func(Progress)) *auth.Verdict {
	progress(Progress{Step: stepActiveAuth, Total: 1})
	aa := auth.ActiveAuthenticate(ctx, ch, doc.Raw[lds.DG15], doc.Raw[lds.DG14], rnd)
	progress(Progress{Step: stepActiveAuth, Done: 1, Total: 1})

	progress(Progress{Step: stepChipAuth, Total: 1})
	_, ca := auth.ChipAuthenticate(ctx, ch, inner, doc.Raw[lds.DG14], rnd)
	progress(Progress{Step: stepChipAuth, Done: 1, Total: 1})

	progress(Progress{Step: stepPassiveAuth, Total: 1})
	dgs := map[int][]byte{}
	for f, raw := range doc.Raw {
		if n := f.DataGroup(); n != 0 {
			dgs[n] = raw
		}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	pa := auth.VerifyPassive(doc.SOD, dgs, opts.Trust, now)
	progress(Progress{Step: stepPassiveAuth, Done: 1, Total: 1})
	v := auth.NewVerdict(pa, aa, ca)
	return &v
}
