package staffpin

import "time"

// FreeTries is how many wrong PINs in a row a staff number gets before its first lockout.
const FreeTries = 3

// lockouts are the lengths of the first, second, third … lockout of a staff number; the
// last repeats. After the free tries every further wrong PIN locks again, for longer: a
// guesser gets about one try an hour, a colleague who mistyped waits half a minute.
var lockouts = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour}

// Attempts is what is kept of one staff number's wrong PINs. The zero value is a staff
// number with none. It holds neither a PIN nor a hash.
type Attempts struct {
	Failures    int       // wrong PINs since the last right one
	LockedUntil time.Time // no PIN is checked before then
}

// Locked reports whether no PIN may be checked at now, and for how much longer.
func (a Attempts) Locked(now time.Time) (bool, time.Duration) {
	left := a.LockedUntil.Sub(now)
	return left > 0, max(left, 0)
}

// Failed returns the attempts after one more wrong PIN at now.
func (a Attempts) Failed(now time.Time) Attempts {
	a.Failures++
	if n := a.Failures - FreeTries; n >= 0 {
		a.LockedUntil = now.Add(lockouts[min(n, len(lockouts)-1)])
	}
	return a
}

// TriesLeft is how many wrong PINs may follow before a lockout; 0 once the free tries are
// used up, because each further one locks.
func (a Attempts) TriesLeft() int { return max(FreeTries-a.Failures, 0) }
