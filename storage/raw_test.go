package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// TestRawFileHasNoPersonalData seeds a citizen with a distinctive name and birth date,
// checks them in, and searches the closed file's bytes for them in every common spelling.
func TestRawFileHasNoPersonalData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	birth := booking.Date{Year: 1987, Month: time.March, Day: 14}
	a := testAppt(testDay, 1, birth)
	a.Citizen = booking.Citizen{GivenNames: "Zebulonia Æbelø", Surname: "Quillfeather", BirthDate: birth}
	appts := append(seedDayAppts(testDay, 200), a)
	if err := db.ReplaceDay(testDay, testServices(), appts); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.IssueTicket(booking.Ticket{Day: testDay, AppointmentID: a.ID, Kind: booking.KindAppointment}, "A", booking.EventCheckIn); err != nil {
		t.Fatal(err)
	}
	if got, err := db.AppointmentsByBirthDate(testDay, birth); err != nil || len(got) != 1 || got[0].Citizen != a.Citizen {
		t.Fatalf("the citizen is not retrievable: %v, %v", got, err)
	}
	// A second pull rewrites the records, leaving the first versions on freed pages.
	if err := db.ReplaceDay(testDay, testServices(), appts); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lower := bytes.ToLower(raw)
	for _, s := range []string{
		"zebulonia", "quillfeather", "æbelø", "aebeloe",
		"1987-03-14", "14-03-1987", "14.03.1987", "140387", "14031987", "870314", "19870314",
	} {
		if bytes.Contains(lower, []byte(s)) {
			t.Errorf("the database file contains %q", s)
		}
	}
	// Control: unsealed, non-personal fields are found, so the search reads real content.
	if !bytes.Contains(lower, []byte(a.Code)) || !bytes.Contains(lower, []byte(a.ID)) {
		t.Fatal("the booking code and id are not in the file: the search proves nothing")
	}
}

func seedDayAppts(day string, n int) []booking.Appointment {
	out := make([]booking.Appointment, n)
	for i := range out {
		out[i] = testAppt(day, i+1000, birthOf(i))
	}
	return out
}
