package central

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
)

// TestTicketsFromServer: the tickets a kiosk pushed come back from the reference server,
// over real HTTP, in their latest state.
func TestTicketsFromServer(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, url, Options{}, SyncOptions{})
	ctx := context.Background()
	if _, err := k.sync.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	k.walkIns(t, 3)
	if _, err := k.desk.CallNext("1", nil); err != nil {
		t.Fatal(err)
	}
	k.syncUntilEmpty(t, 20)
	day := booking.DayOf(time.Now())
	list, err := k.client.Tickets(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	local, err := k.db.Tickets(day)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Tickets) != len(local) || len(local) != 3 {
		t.Fatalf("central lists %d tickets, the kiosk holds %d; want 3 each", len(list.Tickets), len(local))
	}
	for i, l := range local {
		if got := list.Tickets[i]; got.Number != l.Number || got.Status != l.Status.String() {
			t.Errorf("ticket %d: central %s %s, kiosk %s %s", i, got.Number, got.Status, l.Number, l.Status)
		}
	}
}

// TestTicketsMalformedAnswer: a list with a number twice would let a desk issue it again,
// so the client refuses it.
func TestTicketsMalformedAnswer(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", api.ContentTypeJSON)
		_, _ = w.Write([]byte(`{"day":"2026-11-25","tickets":[
			{"number":"A001","day":"2026-11-25","kind":"walk-in","status":"issued","serviceId":"pas"},
			{"number":"A001","day":"2026-11-25","kind":"walk-in","status":"done","serviceId":"pas"}]}`))
	}))
	defer ts.Close()
	c, err := NewClient(Options{URL: ts.URL + api.BasePath, Site: "demo", KioskID: "desk", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Tickets(context.Background(), "2026-11-25"); !errors.Is(err, ErrMalformedResponse) {
		t.Fatalf("a number twice: %v, want ErrMalformedResponse", err)
	}
	if _, err := c.Tickets(context.Background(), "2026-11-26"); !errors.Is(err, ErrMalformedResponse) {
		t.Fatalf("another day's list: %v, want ErrMalformedResponse", err)
	}
}
