package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// AuditChain is one kiosk's audit chain as the server holds it, verified.
type AuditChain struct {
	Kiosk   string
	Records int    // records held
	Head    uint64 // the highest sequence held
	// Broken is the first sequence at which the held chain does not hold (a record missing,
	// one whose hash does not match its contents, or one whose link does not match the
	// record before it), with Problem saying which; 0 when the chain holds.
	Broken  uint64
	Problem string
	// Breaks are the problems found with records as they arrived, in sequence order. A gap
	// later filled leaves the chain whole but stays here, as does a conflicting record that
	// was rejected and is not in the chain.
	Breaks []AuditBreak
}

// OK reports whether the chain holds and nothing was wrong on arrival.
func (c AuditChain) OK() bool { return c.Broken == 0 && len(c.Breaks) == 0 }

// AuditBreak is a problem found with an audit record when it arrived.
type AuditBreak struct {
	Seq     uint64
	Problem string
	At      time.Time
}

// AuditChains verifies every kiosk's audit chain and returns them in kiosk order.
func (s *Server) AuditChains() ([]AuditChain, error) {
	var out []AuditChain
	err := s.store.readAudit(context.Background(), func(r auditReader) error {
		kiosks, err := r.auditKiosks()
		if err != nil {
			return err
		}
		for _, k := range kiosks {
			c, err := verifyChain(r, k)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: audit chains: %w", err)
	}
	return out, nil
}

// errChainBroken stops the walk of a chain at its first break.
var errChainBroken = errors.New("chain broken")

// verifyChain walks kiosk's records in sequence order from 1 and stops at the first that
// does not hold.
func verifyChain(r auditReader, kiosk string) (AuditChain, error) {
	c := AuditChain{Kiosk: kiosk}
	var err error
	if c.Breaks, err = r.auditBreaks(kiosk); err != nil {
		return c, err
	}
	prev := zeroAuditHash
	fail := func(seq uint64, problem string) error {
		c.Broken, c.Problem = seq, problem
		return errChainBroken
	}
	err = r.auditRecords(kiosk, func(seq uint64, v []byte) error {
		want := uint64(c.Records) + 1
		var a api.AuditEvent
		switch {
		case seq != want:
			return fail(want, fmt.Sprintf("missing (the next record held is %d)", seq))
		case json.Unmarshal(v, &a) != nil || a.Validate() != nil || a.Sequence != want:
			return fail(want, "the record held does not decode")
		case !selfConsistent(&a):
			return fail(want, "its contents do not match its hash: it was changed")
		case a.PrevHash != prev:
			return fail(want, fmt.Sprintf("its link does not match record %d's hash", want-1))
		}
		prev = a.Hash
		c.Records++
		return nil
	})
	if err != nil && !errors.Is(err, errChainBroken) {
		return c, err
	}
	head, headHash, err := r.auditHead(kiosk)
	if err != nil {
		return c, err
	}
	c.Head = head
	switch {
	case c.Broken != 0:
	case head > uint64(c.Records):
		_ = fail(uint64(c.Records)+1, fmt.Sprintf("missing: the head is record %d", head))
	case headHash != prev:
		_ = fail(head, "its hash is not the one the head remembers: it was replaced")
	}
	return c, nil
}
