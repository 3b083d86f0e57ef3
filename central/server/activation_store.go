package server

import (
	"bytes"
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
func (s *Server) replay(key string, reqHash []byte, now time.Time) (api.ActivationResponse, bool, error) {
	var answer api.ActivationResponse
	var found bool
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketActivations).Get([]byte(key))
		if v == nil {
			return nil
		}
		var rec activationRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("decode activation record: %w", err)
		}
		if !now.Before(rec.ExpiresAt) {
			return nil // expired: a retry this late is a new request
		}
		if !bytes.Equal(rec.Request, reqHash) {
			return refuse(http.StatusUnprocessableEntity, "the Idempotency-Key was used for another request")
		}
		plain, err := s.seal.Open(sealAD(bucketActivations, []byte(key)), rec.Answer)
		if err != nil {
			return fmt.Errorf("open activation answer: %w", err)
		}
		found = true
		return json.Unmarshal(plain, &answer)
	})
	return answer, found, err
}

// keepAnswer stores answer for key, sealed, and deletes every kept answer that has expired,
// in one transaction.
func (s *Server) keepAnswer(key string, reqHash []byte, answer api.ActivationResponse, now time.Time) error {
	plain, err := json.Marshal(answer)
	if err != nil {
		return fmt.Errorf("encode activation answer: %w", err)
	}
	rec, err := json.Marshal(activationRecord{Request: reqHash, ExpiresAt: answer.ExpiresAt,
		Answer: s.seal.Seal(sealAD(bucketActivations, []byte(key)), plain)})
	if err != nil {
		return fmt.Errorf("encode activation record: %w", err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := purgeExpiredAnswers(tx, now); err != nil {
			return err
		}
		if err := tx.Bucket(bucketActivations).Put([]byte(key), rec); err != nil {
			return err
		}
		return tx.Bucket(bucketActivationExpiry).Put(expiryKey(answer.ExpiresAt, key), nil)
	})
	if err != nil {
		return fmt.Errorf("keep activation answer: %w", err)
	}
	return nil
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
