package server

import (
	"math"
	"time"
)

// maxLimitKeys bounds the memory a limiter may hold. A kiosk's certificate bounds how many
// staff ids it can spend codes on, and a key whose bucket has refilled is forgotten, so a
// real installation stays far below this.
const maxLimitKeys = 100_000

// hourlyLimit allows each key perHour events in any hour, as a token bucket: perHour
// tokens at most, one back every hour/perHour. A burst of perHour passes; after that one
// per interval. The caller serialises calls.
type hourlyLimit struct {
	perHour   float64
	buckets   map[string]*tokens
	lastSweep time.Time
}

type tokens struct {
	n    float64
	last time.Time
}

func newHourlyLimit(perHour int) *hourlyLimit {
	return &hourlyLimit{perHour: float64(perHour), buckets: map[string]*tokens{}}
}

// level returns key's tokens at now, refilled since its last event.
func (l *hourlyLimit) level(key string, now time.Time) float64 {
	b, ok := l.buckets[key]
	if !ok {
		return l.perHour
	}
	elapsed := max(now.Sub(b.last), 0)
	return math.Min(l.perHour, b.n+elapsed.Hours()*l.perHour)
}

// wait returns how long key must wait for its next event at now; zero if it may go now.
func (l *hourlyLimit) wait(key string, now time.Time) time.Duration {
	n := l.level(key, now)
	if n >= 1 {
		if _, ok := l.buckets[key]; !ok && len(l.buckets) >= maxLimitKeys {
			l.sweep(now)
			if len(l.buckets) >= maxLimitKeys {
				return time.Minute // memory stays bounded; a caller this busy can wait
			}
		}
		return 0
	}
	return time.Duration((1 - n) / l.perHour * float64(time.Hour))
}

// take spends one of key's tokens; the caller has checked wait first. Once an hour it
// forgets the keys that have refilled, so the map holds only the last hour's callers.
func (l *hourlyLimit) take(key string, now time.Time) {
	l.buckets[key] = &tokens{n: l.level(key, now) - 1, last: now}
	if now.Sub(l.lastSweep) >= time.Hour {
		l.sweep(now)
		l.lastSweep = now
	}
}

// sweep forgets keys whose buckets have refilled: they behave as if never seen.
func (l *hourlyLimit) sweep(now time.Time) {
	for k := range l.buckets {
		if l.level(k, now) >= l.perHour {
			delete(l.buckets, k)
		}
	}
}

// retryAfterSeconds is a wait as the Retry-After header gives it (RFC 9110 §10.2.3):
// whole seconds, rounded up, at least 1.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
