package storagetest_test

import (
	"testing"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage/storagetest"
)

func TestOpen(t *testing.T) {
	var store booking.Store = storagetest.Open(t)
	tk, _, err := store.IssueTicket(booking.Ticket{Day: "2026-11-25"}, "A", booking.EventTicketIssued)
	if err != nil || tk.Number != "A001" {
		t.Fatalf("IssueTicket = %+v, %v", tk, err)
	}
	// Each call gets its own empty database.
	if got, err := storagetest.Open(t).Tickets("2026-11-25"); err != nil || len(got) != 0 {
		t.Fatalf("second database has tickets %v, %v", got, err)
	}
}
