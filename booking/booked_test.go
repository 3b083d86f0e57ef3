package booking

import (
	"errors"
	"testing"
)

func TestBooked(t *testing.T) {
	desk, store, _ := counterDay(t)
	a1, err := desk.CallNext("1", nil) // A001, booked by Ida
	if err != nil || a1.Number != "A001" {
		t.Fatalf("call next: %s, %v", a1.Number, err)
	}
	c, found, err := desk.Booked(a1)
	if err != nil || !found || c.GivenNames != "Ida" || c.BirthDate != (Date{1980, 1, 1}) {
		t.Errorf("Booked(A001) = %+v, %v, %v; want Ida born 1980-01-01", c, found, err)
	}
	walkIn, err := desk.ticket(a1.Day, "A003")
	if err != nil {
		t.Fatal(err)
	}
	if c, found, err := desk.Booked(walkIn); err != nil || found || c != (Citizen{}) {
		t.Errorf("Booked(walk-in) = %+v, %v, %v; want nobody", c, found, err)
	}
	// An appointment the central system took away after check-in: the ticket stands.
	gone := a1
	gone.AppointmentID = "withdrawn"
	if _, found, err := desk.Booked(gone); err != nil || found {
		t.Errorf("Booked(withdrawn appointment) = %v, %v; want not found, no error", found, err)
	}
	store.failLookups = errors.New("disk on fire")
	if _, _, err := desk.Booked(a1); err == nil {
		t.Error("a failing store gave no error")
	}
}
