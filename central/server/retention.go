package server

import (
	"context"
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// ReasonTooOld rejects an event that happened before the retention period: the record of
// its key may have been purged, so applying it could apply it twice. The kiosk keeps it
// among its dead letters for an operator.
const ReasonTooOld = "the event is older than the server's retention period"

// purgeBatch is how many rows one purge transaction deletes at most. Small transactions
// keep the purge from holding up pushes: bbolt has one writer at a time, and on
// PostgreSQL a short delete holds its row locks briefly and never the table.
var purgeBatch = 1000

// PurgeReport says what Purge deleted.
type PurgeReport struct {
	Events int // applied events with their idempotency keys
	Days   int // days of appointments (citizens' names and birth dates)
}

// Purge deletes the events applied before before, with their idempotency keys, and the
// appointments of the days before before's date (in before's location), in batches of
// purgeBatch rows. Audit chains are kept: they are the audit trail, and hold no names.
// Events pushed later that happened before before are rejected (ReasonTooOld) when
// Options.Retention is set, so a purged key is never applied a second time.
func (s *Server) Purge(ctx context.Context, before time.Time) (PurgeReport, error) {
	day := before.Format(time.DateOnly)
	var rep PurgeReport
	for {
		events, days, err := s.store.purge(ctx, before, day, purgeBatch)
		rep.Events += events
		rep.Days += days
		if err != nil {
			return rep, fmt.Errorf("server: purge before %s: %w", day, err)
		}
		if events < purgeBatch && days < purgeBatch {
			break
		}
	}
	s.log.Info("purged", "events", rep.Events, "days", rep.Days, "before", day)
	return rep, nil
}

// RunRetention purges what Options.Retention no longer keeps, at once and then every
// interval, until ctx is done. Without a retention period it returns at once. Replicas
// may all run it: the deletes of two replicas never conflict in more than waiting.
func (s *Server) RunRetention(ctx context.Context, interval time.Duration) {
	if s.retention <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Purge(ctx, s.clock.Now().Add(-s.retention)); err != nil && ctx.Err() == nil {
			s.log.Error("retention", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// tooOld rejects the items that happened before the retention period.
func (s *Server) tooOld(items []pushItem, now time.Time) {
	if s.retention <= 0 {
		return
	}
	horizon := now.Add(-s.retention)
	for i, it := range items {
		if it.result.Status != api.ResultRejected && it.event.At.Before(horizon) {
			items[i] = rejected(it.result.Key, ReasonTooOld)
		}
	}
}
