package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// Reasons of rejected events. They are permanent: sending the event again gets the same
// answer, so the kiosk moves it to its dead letters for an operator.
const (
	ReasonMalformed    = "malformed event"
	ReasonOtherKiosk   = "the key belongs to another kiosk than kioskId"
	ReasonKeyReused    = "the key was applied before to a different event"
	reasonInvalidField = "invalid event: "
)

// appliedRecord is what the server keeps per applied idempotency key.
type appliedRecord struct {
	Seq       uint64    `json:"seq"`  // place in the events log
	Hash      []byte    `json:"hash"` // SHA-256 of the event's canonical JSON
	AppliedAt time.Time `json:"appliedAt"`
}

// appliedRecordSize is the binary form's length: seq (8) ‖ applied at, Unix nanoseconds
// (8) ‖ hash (32), big-endian. JSON cost more than the rest of an event's bookkeeping, and
// bbolt writes one record per event; files written before keep JSON records, which still
// decode (they start with '{', which the binary form, a sequence below 2^56, never does).
const appliedRecordSize = 8 + 8 + sha256.Size

func (r appliedRecord) encode() []byte {
	b := make([]byte, 0, appliedRecordSize)
	b = binary.BigEndian.AppendUint64(b, r.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(r.AppliedAt.UnixNano()))
	return append(b, r.Hash...)
}

func decodeApplied(v []byte) (appliedRecord, error) {
	var r appliedRecord
	if len(v) > 0 && v[0] == '{' {
		err := json.Unmarshal(v, &r)
		return r, err
	}
	if len(v) != appliedRecordSize {
		return r, fmt.Errorf("applied record of %d bytes", len(v))
	}
	r.Seq = binary.BigEndian.Uint64(v)
	r.AppliedAt = time.Unix(0, int64(binary.BigEndian.Uint64(v[8:]))).UTC()
	r.Hash = bytes.Clone(v[16:])
	return r, nil
}

// pushEnvelope is POST /events with its events left raw, so that one malformed event is
// rejected on its own instead of failing the whole batch.
type pushEnvelope struct {
	KioskID string            `json:"kioskId"`
	Events  []json.RawMessage `json:"events"`
}

// pushItem is one event of a push as decoded: either an event to apply (body holds its
// canonical JSON) or a rejection.
type pushItem struct {
	event  api.Event
	body   []byte
	result api.EventResult
}

// decodePush reads a push body: the envelope, then each event on its own. It fails only
// when the envelope itself is unusable; a bad event becomes a rejected item.
func decodePush(body []byte) (kioskID string, items []pushItem, err error) {
	var env pushEnvelope
	if err := api.DecodeJSONBytes(body, &env); err != nil {
		return "", nil, refuse(http.StatusBadRequest, "%v", err)
	}
	if env.Events == nil {
		return "", nil, refuse(http.StatusBadRequest, "events is required")
	}
	req := api.PushRequest{KioskID: env.KioskID, Events: make([]api.Event, len(env.Events))}
	if err := req.Validate(); err != nil {
		if errors.Is(err, api.ErrTooManyEvents) {
			return "", nil, refuse(http.StatusRequestEntityTooLarge, "more than %d events in one push", api.MaxBatchEvents)
		}
		return "", nil, refuse(http.StatusBadRequest, "%v", err)
	}
	items = make([]pushItem, len(env.Events))
	for i, raw := range env.Events {
		items[i] = decodeEvent(env.KioskID, raw)
	}
	return env.KioskID, items, nil
}

func decodeEvent(kioskID string, raw json.RawMessage) pushItem {
	var ev api.Event
	if err := json.Unmarshal(raw, &ev); err != nil {
		// Answer under the key if there is one: the kiosk matches results to events by key.
		var k struct {
			Key string `json:"key"`
		}
		_ = json.Unmarshal(raw, &k)
		return rejected(k.Key, ReasonMalformed)
	}
	if err := ev.Validate(); err != nil {
		return rejected(ev.Key, reasonInvalidField+err.Error())
	}
	if id, _, _ := api.ParseKey(ev.Key); id != kioskID {
		return rejected(ev.Key, ReasonOtherKiosk)
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return rejected(ev.Key, ReasonMalformed)
	}
	return pushItem{event: ev, body: body, result: api.EventResult{Key: ev.Key}}
}

func rejected(key, reason string) pushItem {
	return pushItem{result: api.EventResult{Key: key, Status: api.ResultRejected, Reason: reason}}
}

func (s *Server) pushEvents(w http.ResponseWriter, r *http.Request) {
	raw, err := readBody(w, r)
	if err != nil {
		writeError(w, err)
		return
	}
	kioskID, items, err := decodePush(raw)
	if err == nil {
		_, err = s.checkKiosk(r, kioskID)
	}
	if err != nil {
		writeError(w, err)
		return
	}
	results, err := s.apply(r.Context(), kioskID, items)
	if err != nil {
		s.log.Error("apply events", "kiosk", kioskID, "events", len(items), "err", err)
		w.Header().Set(api.HeaderRetryAfter, strconv.Itoa(retryAfterSeconds(storeRetryAfter)))
		writeProblem(w, http.StatusServiceUnavailable, "the events could not be stored; send them again")
		return
	}
	writeJSON(w, http.StatusOK, api.PushResponse{Results: results})
}

// apply applies the batch's valid events in one transaction (one commit per push, however
// many events), and returns one result per item in order.
func (s *Server) apply(ctx context.Context, kioskID string, items []pushItem) ([]api.EventResult, error) {
	results := make([]api.EventResult, len(items))
	now := s.clock.Now()
	s.tooOld(items, now)
	var applied, dup, rej int
	err := s.store.applyEvents(ctx, func(tx eventTx) error {
		for i, it := range items {
			apply := applyOne
			if it.event.Audit != nil {
				apply = applyAudit
			}
			res, err := apply(tx, kioskID, it, now)
			if err != nil {
				return err
			}
			results[i] = res
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("apply %d events: %w", len(items), err)
	}
	for _, r := range results {
		switch r.Status {
		case api.ResultApplied:
			applied++
		case api.ResultDuplicate:
			dup++
		default:
			rej++
		}
	}
	s.log.Info("events", "kiosk", kioskID, "applied", applied, "duplicate", dup, "rejected", rej)
	return results, nil
}

// applyOne applies one event: applied once under its key, a duplicate when the same event
// comes again under it, rejected when another event does.
func applyOne(tx eventTx, kioskID string, it pushItem, now time.Time) (api.EventResult, error) {
	if it.result.Status == api.ResultRejected {
		return it.result, nil
	}
	res := it.result
	hash := sha256.Sum256(it.body)
	// Insert first: a new key, the common case, costs one statement on PostgreSQL.
	fresh, err := tx.appendEvent(res.Key, kioskID, it.body, hash[:], now)
	if err != nil {
		return res, err
	}
	if fresh {
		res.Status = api.ResultApplied
		return res, nil
	}
	prev, ok, err := tx.applied(res.Key)
	if err != nil {
		return res, err
	}
	if !ok {
		return res, fmt.Errorf("key %s neither applied nor insertable", res.Key)
	}
	res.Status = api.ResultDuplicate
	if !bytes.Equal(prev, hash[:]) {
		res.Status, res.Reason = api.ResultRejected, ReasonKeyReused
	}
	return res, nil
}

// AppliedEvents returns every applied event in the order the server applied them.
func (s *Server) AppliedEvents() ([]api.Event, error) {
	var out []api.Event
	err := s.store.events(context.Background(), func(v []byte) error {
		var ev api.Event
		if err := json.Unmarshal(v, &ev); err != nil {
			return fmt.Errorf("decode applied event: %w", err)
		}
		out = append(out, ev)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: applied events: %w", err)
	}
	return out, nil
}

// EventCount returns how many times the event with key was applied: 0 or 1, unless
// something is badly wrong. Tests of the sync engine assert "exactly once" with it.
func (s *Server) EventCount(key string) (int, error) {
	n := 0
	err := s.store.events(context.Background(), func(v []byte) error {
		var ev struct {
			Key string `json:"key"`
		}
		if err := json.Unmarshal(v, &ev); err != nil {
			return fmt.Errorf("decode applied event: %w", err)
		}
		if ev.Key == key {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("server: event count: %w", err)
	}
	return n, nil
}
