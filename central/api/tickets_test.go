package api

import (
	"encoding/json"
	"errors"
	"testing"
)

// TestTicketListValidate: a list central answers is checked before a desk rebuilds its day
// from it; a ticket of another day or a number twice would let a number be issued again.
func TestTicketListValidate(t *testing.T) {
	ok := Ticket{Number: "A001", Day: "2026-11-25", Kind: "walk-in", Status: "issued", ServiceID: "pas"}
	good := TicketList{Day: "2026-11-25", Tickets: []TicketState{{Ticket: ok}}}
	if err := good.Validate(); err != nil {
		t.Fatalf("good list: %v", err)
	}
	otherDay := ok
	otherDay.Day = "2026-11-24"
	noNumber := ok
	noNumber.Number = ""
	for name, l := range map[string]TicketList{
		"no tickets field": {Day: "2026-11-25"},
		"bad day":          {Day: "25/11", Tickets: []TicketState{}},
		"other day":        {Day: "2026-11-25", Tickets: []TicketState{{Ticket: otherDay}}},
		"number twice":     {Day: "2026-11-25", Tickets: []TicketState{{Ticket: ok}, {Ticket: ok}}},
		"no number":        {Day: "2026-11-25", Tickets: []TicketState{{Ticket: noNumber}}},
	} {
		var fe *FieldError
		if err := l.Validate(); !errors.As(err, &fe) {
			t.Errorf("%s: %v, want a FieldError", name, err)
		}
	}
}

// FuzzTicketList: whatever central sends as a day's tickets, validation does not panic,
// and what it accepts is of that day, has each number once and converts to domain tickets
// of that day whose status spells back the same.
func FuzzTicketList(f *testing.F) {
	f.Add([]byte(`{"day":"2026-11-25","tickets":[{"number":"A001","day":"2026-11-25","kind":"walk-in","status":"called","serviceId":"pas","counter":"1","issuedAt":"2026-11-25T09:00:00+01:00","updatedAt":"2026-11-25T09:05:00+01:00"}]}`))
	f.Add([]byte(`{"day":"2026-11-25","tickets":[{"number":"A001","day":"2026-11-25"},{"number":"A001","day":"2026-11-25"}]}`))
	f.Add([]byte(`{"day":"2026-11-25","tickets":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var l TicketList
		if json.Unmarshal(body, &l) != nil || l.Validate() != nil {
			return
		}
		seen := map[string]bool{}
		for i, st := range l.Tickets {
			b := st.Booking()
			if b.Day != l.Day || b.Number != st.Number || b.Status.String() != st.Status || seen[b.Number] {
				t.Fatalf("ticket %d accepted as %+v from %+v", i, b, st)
			}
			seen[b.Number] = true
		}
	})
}
