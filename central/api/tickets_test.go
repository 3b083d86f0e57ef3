package api

import (
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
