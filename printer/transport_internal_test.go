package printer

import (
	"context"
	"testing"
	"time"
)

func TestWithDefaultTimeout(t *testing.T) {
	ctx, cancel := withDefaultTimeout(context.Background())
	defer cancel()
	if d, ok := ctx.Deadline(); !ok || time.Until(d) > defaultTimeout || time.Until(d) < defaultTimeout-time.Second {
		t.Fatalf("deadline %v, %v: want %v from now", d, ok, defaultTimeout)
	}
	want := time.Now().Add(time.Hour)
	parent, cancelParent := context.WithDeadline(context.Background(), want)
	defer cancelParent()
	ctx, cancel = withDefaultTimeout(parent)
	defer cancel()
	if d, _ := ctx.Deadline(); !d.Equal(want) {
		t.Fatalf("deadline %v, want the caller's %v", d, want)
	}
}
