package reader

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestReadExpired: the document (expiry 940623) is valid through its expiry day and
// expired from the day after, in the Document, the Report and the verdict.
func TestReadExpired(t *testing.T) {
	for _, tt := range []struct {
		now  time.Time
		want bool
	}{
		{time.Date(1994, 6, 23, 23, 59, 0, 0, time.UTC), false},
		{time.Date(1994, 6, 24, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), true},
	} {
		doc, err := Read(context.Background(), newChip(t, nil), specimenKey, Options{Now: tt.now})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Expired != tt.want || doc.Report().Expired != tt.want || doc.Authenticity.Expired != tt.want {
			t.Errorf("at %v: expired %v, report %v, verdict %v; want %v", tt.now, doc.Expired,
				doc.Report().Expired, doc.Authenticity.Expired, tt.want)
		}
		if got := strings.Contains(doc.Authenticity.Summary, "expired"); got != tt.want {
			t.Errorf("at %v: summary %q", tt.now, doc.Authenticity.Summary)
		}
	}
	// Without the authenticity checks the Document still says it.
	doc, err := Read(context.Background(), newChip(t, nil), specimenKey, Options{NoAuthenticity: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := doc.Report().WriteText(&b); err != nil || !doc.Expired || !strings.Contains(b.String(), "expired          yes") {
		t.Errorf("expired %v, text report:\n%s", doc.Expired, b.String())
	}
}
