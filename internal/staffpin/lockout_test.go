package staffpin

import (
	"testing"
	"time"
)

// The lockout grows with each wrong PIN after the free tries: 30 s, 2 min, 10 min, then an
// hour each time.
func TestLockoutGrows(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	now := t0
	var a Attempts
	want := []time.Duration{0, 0, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if locked, _ := a.Locked(now); locked {
			t.Fatalf("try %d: still locked at %v", i+1, now)
		}
		a = a.Failed(now)
		locked, left := a.Locked(now)
		if locked != (w > 0) || left != w {
			t.Errorf("after wrong PIN %d: locked %v for %v, want %v", i+1, locked, left, w)
		}
		if i < FreeTries && a.TriesLeft() != FreeTries-i-1 {
			t.Errorf("after wrong PIN %d: %d tries left", i+1, a.TriesLeft())
		}
		now = now.Add(w)
	}
	if locked, left := a.Locked(a.LockedUntil.Add(-time.Second)); !locked || left != time.Second {
		t.Errorf("a second before the end: locked %v, %v left", locked, left)
	}
}
