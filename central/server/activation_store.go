package server

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// The answers to activation requests, kept so that a retry, even after a restart, gets
// the code first issued. The code is a secret: it is stored only sealed, and only until it
// expires; then the record and its index entry are deleted.
var (
	bucketActivations      = []byte("activations")       // idempotency key → activationRecord JSON
	bucketActivationExpiry = []byte("activation-expiry") // expiry (Unix seconds, uint64 BE) ‖ key → empty
)

// activationRecord is one kept answer.
type activationRecord struct {
	Request   []byte    `json:"request"` // SHA-256 of the request, to tell a retry from a reuse
	ExpiresAt time.Time `json:"expiresAt"`
	Answer    []byte    `json:"answer"` // the ActivationResponse JSON, sealed to this key
}

// replay returns the answer kept for key, if one is kept and has not expired. A key kept
// for another request is 422.
func (s *Server) replay(ctx context.Context, key string, reqHash []byte, now time.Time) (api.ActivationResponse, bool, error) {
	rec, ok, err := s.store.activation(ctx, key)
	if err != nil || !ok {
		return api.ActivationResponse{}, false, err
	}
	return s.openAnswer(key, rec, reqHash, now)
}

// openAnswer unseals a kept answer for a request with reqHash.
func (s *Server) openAnswer(key string, rec activationRecord, reqHash []byte, now time.Time) (api.ActivationResponse, bool, error) {
	var answer api.ActivationResponse
	if !now.Before(rec.ExpiresAt) {
		return answer, false, nil // expired: a retry this late is a new request
	}
	if !bytes.Equal(rec.Request, reqHash) {
		return answer, false, refuse(http.StatusUnprocessableEntity, "the Idempotency-Key was used for another request")
	}
	plain, err := s.seal.Open(sealAD(bucketActivations, []byte(key)), rec.Answer)
	if err != nil {
		return answer, false, fmt.Errorf("open activation answer: %w", err)
	}
	if err := json.Unmarshal(plain, &answer); err != nil {
		return answer, false, fmt.Errorf("decode activation answer: %w", err)
	}
	return answer, true, nil
}

// keepAnswer stores answer for key, sealed, and deletes every kept answer that has expired,
// in one transaction, counting the code against budgets. When another server kept an
// answer under key meanwhile, that one is returned with true, and answer must not be given
// out; when a budget is spent, the wait is returned and nothing is kept.
func (s *Server) keepAnswer(ctx context.Context, key string, reqHash []byte, answer api.ActivationResponse, now time.Time, budgets []codeBudget) (api.ActivationResponse, bool, time.Duration, error) {
	plain, err := json.Marshal(answer)
	if err != nil {
		return answer, false, 0, fmt.Errorf("encode activation answer: %w", err)
	}
	rec := activationRecord{Request: reqHash, ExpiresAt: answer.ExpiresAt,
		Answer: s.seal.Seal(sealAD(bucketActivations, []byte(key)), plain)}
	kept, fresh, wait, err := s.store.keepActivation(ctx, key, rec, now, budgets)
	if err != nil {
		return answer, false, 0, fmt.Errorf("keep activation answer: %w", err)
	}
	if wait > 0 || fresh {
		return answer, false, wait, nil
	}
	prev, ok, err := s.openAnswer(key, kept, reqHash, now)
	if err == nil && !ok {
		err = fmt.Errorf("keep activation answer: the answer kept under %s expired", key)
	}
	return prev, true, 0, err
}

func expiryKey(at time.Time, key string) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(at.Unix())), key...)
}

// purgeExpiredAnswers deletes the answers whose codes expired at or before now. The index
// is in expiry order, so the work is the number of expired answers, not all of them.
func purgeExpiredAnswers(tx *bolt.Tx, now time.Time) error {
	answers, index := tx.Bucket(bucketActivations), tx.Bucket(bucketActivationExpiry)
	c := index.Cursor()
	for k, _ := c.First(); len(k) >= 8; k, _ = c.First() {
		if int64(binary.BigEndian.Uint64(k[:8])) > now.Unix() {
			break
		}
		key := bytes.Clone(k[8:])
		if err := c.Delete(); err != nil {
			return fmt.Errorf("purge activation index: %w", err)
		}
		// A key reused after its expiry has a newer record under it; keep that one.
		if v := answers.Get(key); v != nil {
			var rec activationRecord
			if json.Unmarshal(v, &rec) == nil && rec.ExpiresAt.After(now) {
				continue
			}
			if err := answers.Delete(key); err != nil {
				return fmt.Errorf("purge activation answer: %w", err)
			}
		}
	}
	return nil
}
