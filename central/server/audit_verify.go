package server

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/storage"
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
	err := s.db.View(func(tx *bolt.Tx) error {
		// Heads and breaks name every kiosk that ever sent an audit record.
		kiosks := map[string]bool{}
		collect := func(k, _ []byte) error {
			if i := bytes.IndexByte(k, 0); i >= 0 {
				k = k[:i]
			}
			kiosks[string(k)] = true
			return nil
		}
		for _, b := range [][]byte{bucketAuditHeads, bucketAuditBreaks} {
			if err := tx.Bucket(b).ForEach(collect); err != nil {
				return err
			}
		}
		for _, k := range slices.Sorted(maps.Keys(kiosks)) {
			c, err := verifyChain(tx, k)
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

// verifyChain walks kiosk's records in sequence order from 1 and stops at the first that
// does not hold.
func verifyChain(tx *bolt.Tx, kiosk string) (AuditChain, error) {
	c := AuditChain{Kiosk: kiosk}
	prefix := append([]byte(kiosk), 0)
	breaks := tx.Bucket(bucketAuditBreaks).Cursor()
	for k, v := breaks.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = breaks.Next() {
		var b auditBreak
		if len(k) != len(prefix)+8 || json.Unmarshal(v, &b) != nil {
			return c, fmt.Errorf("audit break %q of %s does not decode", k, kiosk)
		}
		c.Breaks = append(c.Breaks, AuditBreak{Seq: binary.BigEndian.Uint64(k[len(prefix):]), Problem: b.Problem, At: b.At})
	}
	prev := hex.EncodeToString(make([]byte, storage.AuditHashSize))
	fail := func(seq uint64, problem string) { c.Broken, c.Problem = seq, problem }
	cur := tx.Bucket(bucketAuditChain).Cursor()
	for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
		want := uint64(c.Records) + 1
		var a api.AuditEvent
		switch {
		case len(k) != len(prefix)+8:
			return c, fmt.Errorf("audit chain key %q of %s is malformed", k, kiosk)
		case binary.BigEndian.Uint64(k[len(prefix):]) != want:
			fail(want, fmt.Sprintf("missing (the next record held is %d)", binary.BigEndian.Uint64(k[len(prefix):])))
		case json.Unmarshal(v, &a) != nil || a.Validate() != nil || a.Sequence != want:
			fail(want, "the record held does not decode")
		case !selfConsistent(&a):
			fail(want, "its contents do not match its hash: it was changed")
		case a.PrevHash != prev:
			fail(want, fmt.Sprintf("its link does not match record %d's hash", want-1))
		}
		if c.Broken != 0 {
			break
		}
		prev = a.Hash
		c.Records++
	}
	heads := tx.Bucket(bucketAuditHeads)
	head, headHash, err := auditHeadOf(heads, kiosk)
	if err != nil {
		return c, err
	}
	c.Head = head
	switch {
	case c.Broken != 0:
	case head > uint64(c.Records):
		fail(uint64(c.Records)+1, fmt.Sprintf("missing: the head is record %d", head))
	case headHash != prev:
		fail(head, "its hash is not the one the head remembers: it was replaced")
	}
	return c, nil
}
