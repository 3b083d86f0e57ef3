package printer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// A Spool prints slips through one Printer and keeps every job that failed,
// so that staff can print it again or throw it away; it never prints a job
// twice by itself. It lives in memory only: an activation letter carries a
// secret code, which must not reach a disk.
//
// The counter's screens use it like this, off the UI goroutine:
//
//	id, err := spool.Print(ctx, "activation letter", kiosk.ActivationLetter(l, language))
//	// err != nil: say why (errors.Is(err, printer.ErrPaperOut), ...) and list
//	// spool.Failed() with a "print again" and a "throw away" button each
//	err = spool.Reprint(ctx, id) // staff pressed "print again"
//	err = spool.Discard(id)      // staff pressed "throw away"
//
// A job that printed, or was discarded, is gone from the spool. All methods
// are safe for concurrent use; a job is printed by at most one call at a
// time, so two quick taps on "print again" print it once.
type Spool struct {
	printer Printer
	now     func() time.Time

	mu     sync.Mutex
	lastID JobID
	jobs   map[JobID]*job // the failed jobs, and those being re-printed
}

// JobID names a job in its Spool. IDs count up from 1 and are never reused.
type JobID uint64

// FailedJob is a kept job as a screen lists it. It holds no slip text.
type FailedJob struct {
	ID     JobID
	Name   string    // what the caller called the job, e.g. "activation letter"
	Err    error     // why its last attempt failed
	Status Status    // the printer's state at that attempt (Known only where the transport asked)
	At     time.Time // when its last attempt failed
	Tries  int       // attempts so far: 1 after the first failure
}

type job struct {
	FailedJob
	slip     Slip
	printing bool
}

// NewSpool returns an empty Spool for p. now gives the time of a failure
// (time.Now when nil).
func NewSpool(p Printer, now func() time.Time) *Spool {
	if now == nil {
		now = time.Now
	}
	return &Spool{printer: p, now: now, jobs: map[JobID]*job{}}
}

// Print prints slip once. On success the job is forgotten and Print returns
// its ID and nil. On failure the job is kept (see Failed) and Print returns
// its ID and the printer's error, which wraps ErrPaperOut, ErrCoverOpen and
// the like where the transport could tell. name labels the job in Failed; it
// must not contain personal data or the code. The spool keeps its own copy of
// the slip's lines.
func (s *Spool) Print(ctx context.Context, name string, slip Slip) (JobID, error) {
	s.mu.Lock()
	s.lastID++
	j := &job{FailedJob: FailedJob{ID: s.lastID, Name: name}, slip: Slip{Lines: slices.Clone(slip.Lines)}, printing: true}
	s.jobs[j.ID] = j
	s.mu.Unlock()
	return j.ID, s.attempt(ctx, j)
}

// Reprint prints a kept job again, because staff asked. It returns
// ErrNoSuchJob for a job that printed, was discarded or never was, and
// ErrJobBusy while another call is printing it. Like Print, it forgets the
// job when it prints and keeps it with the new error when it fails.
func (s *Spool) Reprint(ctx context.Context, id JobID) error {
	s.mu.Lock()
	j, ok := s.jobs[id]
	switch {
	case !ok:
		s.mu.Unlock()
		return fmt.Errorf("reprint job %d: %w", id, ErrNoSuchJob)
	case j.printing:
		s.mu.Unlock()
		return fmt.Errorf("reprint job %d: %w", id, ErrJobBusy)
	}
	j.printing = true
	s.mu.Unlock()
	return s.attempt(ctx, j)
}

// attempt prints j, which the caller has marked printing, outside the lock:
// a print takes seconds, and other jobs must stay listable meanwhile.
func (s *Spool) attempt(ctx context.Context, j *job) error {
	err := s.printer.Print(ctx, j.slip)
	s.mu.Lock()
	defer s.mu.Unlock()
	j.printing = false
	j.Tries++
	if err == nil {
		s.drop(j)
		return nil
	}
	j.Err, j.Status, j.At = err, StatusOf(err), s.now()
	return fmt.Errorf("print job %d (%s): %w", j.ID, j.Name, err)
}

// Failed lists the kept jobs that are not being printed right now, oldest
// first.
func (s *Spool) Failed() []FailedJob {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []FailedJob
	for _, j := range s.jobs {
		if !j.printing {
			out = append(out, j.FailedJob)
		}
	}
	slices.SortFunc(out, func(a, b FailedJob) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Discard throws a kept job away and blanks the spool's copy of its slip
// (Go cannot overwrite a string in place, so the text itself is gone once
// the garbage collector reclaims it). It returns ErrNoSuchJob for a job that
// is not kept and ErrJobBusy for one being printed.
func (s *Spool) Discard(id JobID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return fmt.Errorf("discard job %d: %w", id, ErrNoSuchJob)
	}
	if j.printing {
		return fmt.Errorf("discard job %d: %w", id, ErrJobBusy)
	}
	s.drop(j)
	return nil
}

// drop forgets j and blanks its lines; s.mu is held.
func (s *Spool) drop(j *job) {
	clear(j.slip.Lines)
	j.slip.Lines = nil
	delete(s.jobs, j.ID)
}
