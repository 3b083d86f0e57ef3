package storage_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// A walk-in ticket is stored with its outbox event; the sync engine later pushes the
// event under its idempotency key and acknowledges it.
func Example() {
	dir, err := os.MkdirTemp("", "kiosk")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := storage.Open(filepath.Join(dir, "kiosk.db"), storage.Options{KioskID: "aarhus-1"})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	t, _, err := db.IssueTicket(booking.Ticket{Day: "2026-11-25", ServiceID: "pas"}, "A", booking.EventTicketIssued)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("ticket", t.Number)

	pending, err := db.PendingEvents(100)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range pending {
		kiosk, _, _ := strings.Cut(e.Key, "/") // the key is KIOSK-ID/SEQUENCE
		fmt.Println("push", kiosk, e.Event.Kind, e.Event.Ticket.Number)
		if err := db.AckEvents(e.Seq); err != nil {
			log.Fatal(err)
		}
	}
	n, _, _ := db.OutboxStats()
	fmt.Println("pending", n)
	// Output:
	// ticket A001
	// push aarhus-1 ticket-issued A001
	// pending 0
}
