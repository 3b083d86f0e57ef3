package reader

import (
	"context"
	"errors"
	"io"

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
// dropped its keys), then passive authentication of every data group read. A card
// that leaves, or a cancelled ctx, fails the read (a *StepError) instead of the check.
func authenticate(ctx context.Context, ch, inner iso7816.Transmitter, doc *Document, opts Options,
	rnd io.Reader, progress func(Progress)) (*auth.Verdict, error) {
	progress(Progress{Step: stepActiveAuth, Total: 1})
	aa := auth.ActiveAuthenticate(ctx, ch, doc.Raw[lds.DG15], doc.Raw[lds.DG14], rnd)
	if err := transportFailure(ctx, aa.Err); err != nil {
		return nil, &StepError{Step: stepActiveAuth, Err: err}
	}
	progress(Progress{Step: stepActiveAuth, Done: 1, Total: 1})

	progress(Progress{Step: stepChipAuth, Total: 1})
	_, ca := auth.ChipAuthenticate(ctx, ch, inner, doc.Raw[lds.DG14], rnd)
	if err := transportFailure(ctx, ca.Err); err != nil {
		return nil, &StepError{Step: stepChipAuth, Err: err}
	}
	progress(Progress{Step: stepChipAuth, Done: 1, Total: 1})

	progress(Progress{Step: stepPassiveAuth, Total: 1})
	dgs := map[int][]byte{}
	for f, raw := range doc.Raw {
		if n := f.DataGroup(); n != 0 {
			dgs[n] = raw
		}
	}
	pa := auth.VerifyPassive(doc.SOD, dgs, opts.Trust, opts.now())
	progress(Progress{Step: stepPassiveAuth, Done: 1, Total: 1})
	cardAccess := auth.CheckCardAccess(doc.Raw[lds.CardAccess], doc.Raw[lds.DG14])
	v := auth.NewVerdict(pa, aa, ca).WithCardAccess(cardAccess).WithExpired(doc.Expired)
	return &v, nil
}

// transportFailure returns err when it says the card left or the read was cancelled:
// that is a failed read to be retried, not a chip that failed to prove itself.
func transportFailure(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, ErrCardRemoved) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
