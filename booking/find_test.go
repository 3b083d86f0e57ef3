package booking

import (
	"errors"
	"testing"
)

func TestFindByBirth(t *testing.T) {
	shared := Date{1985, 6, 1}
	soeren := appt(1, "pas", at(10, 0), "Søren Aabye", Date{1990, 3, 10})
	aase := appt(2, "mitid", at(10, 30), "Åse", shared)
	anne := appt(3, "pas", at(11, 0), "Anne-Marie", shared)
	peter1 := appt(4, "pas", at(9, 0), "Peter", Date{1970, 1, 1})
	peter2 := appt(5, "mitid", at(9, 15), "Peter Emil", Date{1970, 1, 1})
	peter2.Citizen.Surname = "Jensen"
	jensAM := appt(6, "pas", at(9, 0), "Jens", Date{1960, 1, 1})
	jensPM := appt(7, "mitid", at(14, 0), "Jens", Date{1960, 1, 1})
	karen := appt(8, "pas", at(10, 0), "Karen", Date{1950, 5, 5})
	karen.Cancelled = true
	lisOld := appt(9, "pas", at(9, 0), "Lis", Date{1955, 5, 5})
	lisOld.Cancelled = true
	lisNew := appt(10, "pas", at(11, 0), "Lis", Date{1955, 5, 5})
	ole := appt(11, "pas", at(10, 0).AddDate(0, 0, 1), "Ole", Date{1980, 1, 1})
	centenarian := appt(12, "pas", at(10, 0), "Ellen", Date{1925, 2, 2})

	tests := []struct {
		name  string
		birth Date
		first string
		want  string // appointment ID
		err   error
	}{
		{"one match, no name", soeren.Citizen.BirthDate, "", soeren.ID, nil},
		{"one match, name transliterated", soeren.Citizen.BirthDate, "SOEREN", soeren.ID, nil},
		{"one match, wrong name", soeren.Citizen.BirthDate, "Svend", "", ErrNoMatch},
		{"shared birth date, no name", shared, "", "", ErrNeedFirstName},
		{"shared birth date, Aase for Åse", shared, "aase", aase.ID, nil},
		{"shared birth date, Ase for Åse", shared, "Ase", aase.ID, nil},
		{"shared birth date, Anne Marie", shared, "anne marie", anne.ID, nil},
		{"shared birth date, unknown name", shared, "Bo", "", ErrNoMatch},
		{"two Peters", Date{1970, 1, 1}, "Peter", "", ErrAmbiguous},
		{"two Peters, no name", Date{1970, 1, 1}, "", "", ErrNeedFirstName},
		{"one citizen, two appointments: the open one", Date{1960, 1, 1}, "", jensPM.ID, nil},
		{"cancelled only", karen.Citizen.BirthDate, "", karen.ID, nil},
		{"cancelled and rebooked", lisNew.Citizen.BirthDate, "", lisNew.ID, nil},
		{"tomorrow's appointment", ole.Citizen.BirthDate, "", "", ErrNoMatch},
		{"centenarian typed as 2025", Date{2025, 2, 2}, "", centenarian.ID, nil},
		{"nobody", Date{2001, 1, 1}, "", "", ErrNoMatch},
		{"invalid date", Date{2001, 2, 30}, "", "", ErrInvalidBirthDate},
		{"today", DateOf(at(10, 0)), "", "", ErrInvalidBirthDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desk, _, _ := newTestDesk(at(10, 0), soeren, aase, anne, peter1, peter2, jensAM, jensPM,
				karen, lisOld, lisNew, ole, centenarian)
			got, err := desk.FindByBirth(tt.birth, tt.first)
			if got.ID != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("FindByBirth(%v, %q) = %q, %v; want %q, %v", tt.birth, tt.first, got.ID, err, tt.want, tt.err)
			}
		})
	}
}

func TestFindByBirthThenCheckIn(t *testing.T) {
	karen := appt(8, "pas", at(10, 0), "Karen", Date{1950, 5, 5})
	karen.Cancelled = true
	aase := appt(2, "mitid", at(10, 30), "Åse", Date{1985, 6, 1})
	desk, _, _ := newTestDesk(at(10, 0), karen, aase)

	a, err := desk.FindByBirth(Date{1985, 6, 1}, "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := desk.CheckInAppointment(a)
	if err != nil || v.Ticket.Number != "B001" {
		t.Fatalf("check-in after FindByBirth: %+v, %v", v.Ticket, err)
	}
	a, err = desk.FindByBirth(Date{1950, 5, 5}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.CheckInAppointment(a); !errors.Is(err, ErrAppointmentCancelled) {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestFindByBirthAllWindowsClosed(t *testing.T) {
	am := appt(6, "pas", at(9, 0), "Jens", Date{1960, 1, 1})
	pm := appt(7, "mitid", at(14, 0), "Jens", Date{1960, 1, 1})
	desk, _, _ := newTestDesk(at(15, 0), pm, am)
	got, err := desk.FindByBirth(Date{1960, 1, 1}, "jens")
	if err != nil || got.ID != pm.ID {
		t.Fatalf("FindByBirth = %q, %v; want the latest, %q", got.ID, err, pm.ID)
	}
	// The caller then learns it is too late, and offers a walk-in ticket.
	var late *TooLateError
	if _, err := desk.CheckInAppointment(got); !errors.As(err, &late) || !late.Start.Equal(pm.Start) {
		t.Fatalf("CheckInAppointment = %v, want *TooLateError", err)
	}
}
