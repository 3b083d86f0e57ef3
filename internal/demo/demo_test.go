package demo

import (
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

func TestSeedShape(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 3, 30, 0, time.Local)
	services, appts, hints := Seed(now)
	if len(appts) != Count {
		t.Fatalf("%d appointments, want %d", len(appts), Count)
	}
	known := map[string]bool{}
	for _, s := range services {
		known[s.ID] = true
	}
	codes := map[string]bool{}
	for _, a := range appts {
		if !known[a.ServiceID] {
			t.Errorf("appointment %s has unknown service %q", a.ID, a.ServiceID)
		}
		if _, err := booking.ParseBookingCode(a.Code); err != nil {
			t.Errorf("code %q does not validate: %v", a.Code, err)
		}
		if codes[a.Code] {
			t.Errorf("code %q twice", a.Code)
		}
		codes[a.Code] = true
		if !a.Citizen.BirthDate.Valid() {
			t.Errorf("invalid birth date %v", a.Citizen.BirthDate)
		}
	}
	byCode := map[string]booking.Appointment{}
	for _, a := range appts {
		byCode[a.Code] = a
	}
	if d := byCode[hints.DueNow].Start.Sub(now); d > time.Minute || d < -time.Minute {
		t.Errorf("due-now appointment starts %v from now", d)
	}
	if byCode[hints.TooEarly].Start.Sub(now) < time.Hour {
		t.Errorf("too-early appointment is not far enough ahead")
	}
	if now.Sub(byCode[hints.TooLate].Start) < 30*time.Minute {
		t.Errorf("too-late appointment is not late enough")
	}
	var twins []string
	for _, a := range appts {
		if a.Citizen.BirthDate == hints.Twins {
			twins = append(twins, a.Citizen.FirstName())
		}
	}
	// Two citizens, told apart by first name: the kiosk's first-name step must be reachable.
	if len(twins) != 2 || twins[0] == twins[1] {
		t.Errorf("twins' first names %q, want two different ones", twins)
	}
}

type recorder map[string]int

func (r recorder) ReplaceDay(day string, _ []booking.Service, appts []booking.Appointment) error {
	r[day] += len(appts)
	return nil
}

func TestInstallSplitsDaysAtMidnight(t *testing.T) {
	r := recorder{}
	if _, err := Install(r, time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if len(r) != 2 || r["2026-11-25"]+r["2026-11-26"] != Count {
		t.Fatalf("days: %v", r)
	}
}
