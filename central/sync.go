package central

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// Defaults of SyncOptions.
const (
	DefaultInterval       = 15 * time.Second
	DefaultBatch          = 200
	DefaultOfflineBackoff = 5 * time.Minute
)

// SyncOptions configure NewSyncer. The zero value is usable.
type SyncOptions struct {
	Interval time.Duration // between syncs while online; default 15 s
	// Batch is how many events one push carries, at most api.MaxBatchEvents; default 200.
	// Acknowledgements are committed per batch, so a batch costs one fsync on each side.
	Batch int
	// Clock decides "today" for the pull; default booking.SystemClock. The day is taken in
	// the clock's location, which must be the site's.
	Clock booking.Clock
	// MaxOfflineWait caps Run's wait between syncs while the central system cannot be
	// reached; the wait grows from Interval with full jitter. Default 5 min.
	MaxOfflineWait time.Duration
	Version        string       // sent in heartbeats; default "dev"
	Logger         *slog.Logger // default slog.Default(); never given personal data
	// OnStatus, if set, is called after every sync with the new status, on the syncing
	// goroutine; a UI hands it to its own goroutine (fyne.Do).
	OnStatus func(Status)
}

// Status is what the UI shows about the sync.
type Status struct {
	Online    bool      // the last sync reached the central system
	LastSync  time.Time // when a sync last completed; zero if never
	Pending   int       // events waiting in the outbox
	Dead      int       // events the central system refused, kept for an operator
	LastError string    // why the last sync failed; empty after a success
}

// Report says what one sync did.
type Report struct {
	NotModified  bool // both lists were unchanged (304) and nothing was stored
	Services     int  // services stored
	Appointments int  // appointments stored for the day
	Skipped      int  // records from the central system that failed validation and were not stored
	Applied      int  // events the server applied now
	Duplicates   int  // events it had applied before (an earlier push whose answer was lost)
	DeadLettered int  // events moved to the dead letters: refused by the server, or undecodable
	Pending      int  // events still in the outbox after the sync
	Dead         int  // dead letters in all
}

// Syncer keeps one kiosk database in step with the central system. Its methods are safe
// for concurrent use; syncs never overlap.
type Syncer struct {
	c    *Client
	db   *storage.DB
	opt  SyncOptions
	log  *slog.Logger
	wake chan struct{}

	running sync.Mutex // held for the whole of a sync

	mu     sync.Mutex
	status Status
}

// NewSyncer makes a Syncer for the client and the database.
func NewSyncer(c *Client, db *storage.DB, opt SyncOptions) *Syncer {
	if opt.Interval <= 0 {
		opt.Interval = DefaultInterval
	}
	if opt.Batch <= 0 {
		opt.Batch = DefaultBatch
	}
	opt.Batch = min(opt.Batch, api.MaxBatchEvents)
	if opt.Clock == nil {
		opt.Clock = booking.SystemClock{}
	}
	if opt.MaxOfflineWait <= 0 {
		opt.MaxOfflineWait = DefaultOfflineBackoff
	}
	if opt.Version == "" {
		opt.Version = "dev"
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	return &Syncer{c: c, db: db, opt: opt, log: opt.Logger, wake: make(chan struct{}, 1)}
}

// Once runs one sync: pull, then push. See Sync.
func (s *Syncer) Once(ctx context.Context) error {
	_, err := s.Sync(ctx)
	return err
}

// Sync pulls the services and today's appointments into the database, then pushes the
// whole outbox in order, and reports what it did. A failed pull changes nothing stored and
// does not stop the push, unless the central system is unreachable; a failed push stops
// where it was, and everything not acknowledged stays in the outbox for the next sync.
func (s *Syncer) Sync(ctx context.Context) (Report, error) {
	s.running.Lock()
	defer s.running.Unlock()
	var rep Report
	err := s.pull(ctx, &rep)
	// A bad answer to the pull must not hold the outbox back for days: the push goes on
	// unless the central system could not be reached at all.
	if err == nil || !errors.Is(err, ErrUnavailable) {
		if pushErr := s.push(ctx, &rep); pushErr != nil && err != nil {
			err = fmt.Errorf("%w; and %w", err, pushErr)
		} else if pushErr != nil {
			err = pushErr
		}
	}
	var statsErr error
	rep.Pending, rep.Dead, statsErr = s.db.OutboxStats()
	if err == nil {
		s.heartbeat(ctx, rep)
		err = statsErr
	}
	s.setStatus(rep, err)
	return rep, err
}

// heartbeat tells the central system what is left to send. It is best effort: a lost
// heartbeat changes nothing on either side.
func (s *Syncer) heartbeat(ctx context.Context, rep Report) {
	err := s.c.Heartbeat(ctx, api.Heartbeat{Version: s.opt.Version, PendingEvents: rep.Pending, DeadLetters: rep.Dead})
	if err != nil {
		s.log.Debug("sync: heartbeat", "err", err)
	}
}

func (s *Syncer) setStatus(rep Report, err error) {
	s.mu.Lock()
	st := s.status
	st.Pending, st.Dead = rep.Pending, rep.Dead
	// A refusal is an answer: the central system is reachable even when it says no.
	st.Online = err == nil || !errors.Is(err, ErrUnavailable)
	st.LastError = ""
	if err != nil {
		st.LastError = err.Error()
	} else {
		st.LastSync = s.opt.Clock.Now()
	}
	s.status = st
	s.mu.Unlock()
	if s.opt.OnStatus != nil {
		s.opt.OnStatus(st)
	}
}

// Status returns the status after the last sync.
func (s *Syncer) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Notify asks Run to sync soon, for example after a check-in wrote an event. It never
// blocks; while offline Run keeps to its backoff.
func (s *Syncer) Notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run syncs every Interval until ctx ends, and returns ctx's error. While the central
// system cannot be reached it waits longer after each failure (full jitter, up to
// MaxOfflineWait), so that a site's kiosks do not all hammer a server coming back.
func (s *Syncer) Run(ctx context.Context) error {
	failures := 0
	for {
		err := s.Once(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		wait, wakeable := s.opt.Interval, true
		if err != nil {
			s.log.Warn("sync failed", "err", err)
		}
		if errors.Is(err, ErrUnavailable) {
			failures++
			wait, wakeable = fullJitter(s.opt.Interval, s.opt.MaxOfflineWait, failures), false
			wait = max(wait, time.Second)
		} else {
			failures = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		case <-s.wakeIf(wakeable):
			t.Stop()
		}
	}
}

// wakeIf returns the wake channel, or nil (never ready) while Run must keep to its backoff.
func (s *Syncer) wakeIf(ok bool) <-chan struct{} {
	if ok {
		return s.wake
	}
	return nil
}
