package central

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// push sends the outbox in order, batch by batch, until it is empty or a batch fails.
// An entry that cannot be decoded is quarantined (a dead letter keeping its bytes) so that
// it does not hold back every event after it.
func (s *Syncer) push(ctx context.Context, rep *Report) error {
	for {
		entries, err := s.db.PendingEvents(s.opt.Batch)
		var bad *storage.EntryError
		if errors.As(err, &bad) {
			if err := s.db.Quarantine(bad); err != nil {
				return fmt.Errorf("sync: %w", err)
			}
			rep.DeadLettered++
			s.log.Warn("sync: undecodable outbox entry moved to the dead letters", "err", bad)
			continue
		}
		if err != nil {
			return fmt.Errorf("sync: %w", err)
		}
		entries, err = s.ownEvents(entries)
		if len(entries) > 0 {
			if err := s.pushBatch(ctx, entries, rep); err != nil {
				return err
			}
		}
		if err != nil || len(entries) == 0 {
			return err
		}
	}
}

// ownEvents returns the leading entries whose key carries this kiosk's id, and an error
// wrapping ErrOtherKiosk if they stop before the end because the next was made under
// another id. The server would refuse such an event for good; kept, it can still be sent
// by a kiosk running under its id.
func (s *Syncer) ownEvents(entries []storage.OutboxEntry) ([]storage.OutboxEntry, error) {
	for i, e := range entries {
		// A key that does not parse is the server's to refuse, and is dead-lettered then.
		if id, _, err := api.ParseKey(e.Key); err == nil && id != s.c.kioskID {
			return entries[:i], fmt.Errorf("sync: %w: event %s waits to be sent as kiosk %q, but this kiosk is %q; "+
				"run as %q until the outbox is empty", ErrOtherKiosk, e.Key, id, s.c.kioskID, id)
		}
	}
	return entries, nil
}

// pushBatch pushes entries and settles the outbox with the answer. An entry leaves the
// outbox only when the server answered applied or duplicate, or refused it for good.
//
// A refusal of the whole batch (400, 422) means one event breaks the contract or the
// kiosk has a bug; the events are then sent one by one so that only the guilty one is
// dead-lettered. A 413 halves the batch. Any other failure keeps everything: transport
// errors and 5xx are temporary, and 401, 403 or 404 say the kiosk is misconfigured, which
// no event is to blame for.
func (s *Syncer) pushBatch(ctx context.Context, entries []storage.OutboxEntry, rep *Report) error {
	events := make([]api.Event, len(entries))
	for i, e := range entries {
		// The key is the one stored with the entry: the same on every retry, every sync,
		// and after every restart, so the server applies the event once.
		events[i] = api.EventFrom(e.Key, e.Event, e.Created)
		if e.Audit != nil {
			events[i] = auditEventFrom(e.Key, *e.Audit, e.Created)
		}
	}
	results, err := s.c.Push(ctx, events)
	if err == nil {
		return s.settle(entries, results, rep)
	}
	var perr *ProblemError
	if !errors.As(err, &perr) || perr.Temporary() || errors.Is(err, ErrUnavailable) {
		return err
	}
	switch perr.Status {
	case http.StatusRequestEntityTooLarge, http.StatusBadRequest, http.StatusUnprocessableEntity:
	default:
		return err
	}
	if len(entries) == 1 {
		if err := s.db.DeadLetter(entries[0].Seq, "central refused it alone: "+perr.Error()); err != nil {
			return fmt.Errorf("sync: %w", err)
		}
		rep.DeadLettered++
		s.log.Warn("sync: event dead-lettered", "key", entries[0].Key, "status", perr.Status)
		return nil
	}
	size := 1
	if perr.Status == http.StatusRequestEntityTooLarge {
		size = (len(entries) + 1) / 2
	}
	s.log.Warn("sync: central refused a batch; sending it in parts", "events", len(entries), "part", size, "status", perr.Status)
	for start := 0; start < len(entries); start += size {
		if err := s.pushBatch(ctx, entries[start:min(start+size, len(entries))], rep); err != nil {
			return err
		}
	}
	return nil
}

// settle acknowledges the applied and duplicate events in one transaction and moves the
// rejected ones to the dead letters with the server's reason.
func (s *Syncer) settle(entries []storage.OutboxEntry, results []api.EventResult, rep *Report) error {
	acks := make([]uint64, 0, len(entries))
	for i, r := range results {
		switch r.Status {
		case api.ResultApplied:
			rep.Applied++
			acks = append(acks, entries[i].Seq)
		case api.ResultDuplicate:
			rep.Duplicates++
			acks = append(acks, entries[i].Seq)
		}
	}
	if err := s.db.AckEvents(acks...); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	for i, r := range results {
		if r.Status != api.ResultRejected {
			continue
		}
		if err := s.db.DeadLetter(entries[i].Seq, "central rejected it: "+clip(r.Reason)); err != nil {
			return fmt.Errorf("sync: %w", err)
		}
		rep.DeadLettered++
		s.log.Warn("sync: event rejected by central", "key", entries[i].Key, "reason", clip(r.Reason))
	}
	return nil
}
