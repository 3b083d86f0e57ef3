package storage

import (
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// FuzzDecodeAppointment feeds arbitrary bytes, as a damaged file would hold, to the record
// decoder: it must return an error or an appointment, never panic.
func FuzzDecodeAppointment(f *testing.F) {
	k := mustKeyring(f, 1)
	a := testAppt(testDay, 1, booking.Date{Year: 1969, Month: time.August, Day: 6})
	good, err := k.encodeAppointment(a, k.birthTag(testDay, a.Citizen.BirthDate.String()))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(a.ID), good)
	f.Add([]byte(a.ID), good[:len(good)/2])
	f.Add([]byte("x"), []byte{recordV1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Add([]byte("x"), []byte{})
	f.Fuzz(func(t *testing.T, id, v []byte) {
		got, err := k.decodeAppointment(id, v)
		if err == nil && string(id) == a.ID && !sameAppointment(got, a) {
			t.Errorf("decoded a different appointment: %+v", got)
		}
	})
}

func TestDecodeAppointmentRoundTrip(t *testing.T) {
	k := mustKeyring(t, 1)
	tests := []booking.Appointment{
		testAppt(testDay, 1, booking.Date{Year: 1969, Month: time.August, Day: 6}),
		{ID: "no-citizen", Start: time.Date(2026, 11, 25, 9, 0, 0, 0, cet)},
		{ID: "æøå-id", Code: "ÆØÅ", Cancelled: true, Start: time.Date(2026, 11, 25, 23, 59, 0, 0, cet),
			Citizen: booking.Citizen{GivenNames: "Åse Marie", Surname: "Ødegård"}},
	}
	for _, a := range tests {
		t.Run(a.ID, func(t *testing.T) {
			v, err := k.encodeAppointment(a, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := k.decodeAppointment([]byte(a.ID), v)
			if err != nil || !sameAppointment(got, a) || got.Day() != a.Day() {
				t.Errorf("round trip = %+v, %v; want %+v", got, err, a)
			}
		})
	}
}
