package kiosk

import (
	"sync"
	"time"

	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
)

// PINAttempts keeps each staff number's wrong PINs in a row and the end of its lockout,
// so that restarting the counter does not end a lockout. *storage.DB satisfies it. The
// counter only ever passes it configured staff numbers, so that a PIN typed by mistake
// into the staff number field is never written anywhere.
type PINAttempts interface {
	PINLock(staff string) (failures int, lockedUntil time.Time, err error)
	// SetPINLock keeps them; zero failures clear the staff number.
	SetPINLock(staff string, failures int, lockedUntil time.Time) error
}

// memoryAttempts keeps attempts in memory: for staff numbers that are not configured
// (locked like the others, so that the screen does not tell which exist), and for every
// staff number when CounterOptions.Attempts is nil.
type memoryAttempts struct {
	mu sync.Mutex
	m  map[string]staffpin.Attempts
}

// maxMemoryAttempts bounds the staff numbers kept in memory; past it the oldest state is
// forgotten all at once, which at worst shortens the lockout of a made-up staff number.
const maxMemoryAttempts = 1000

func (m *memoryAttempts) PINLock(staff string) (int, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.m[staff]
	return a.Failures, a.LockedUntil, nil
}

func (m *memoryAttempts) SetPINLock(staff string, failures int, lockedUntil time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if failures == 0 {
		delete(m.m, staff)
		return nil
	}
	if m.m == nil || len(m.m) >= maxMemoryAttempts {
		m.m = make(map[string]staffpin.Attempts)
	}
	m.m[staff] = staffpin.Attempts{Failures: failures, LockedUntil: lockedUntil}
	return nil
}
