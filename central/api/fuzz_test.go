package api

import (
	"encoding/json"
	"testing"
)

// FuzzAppointmentList: whatever the central system sends as a day's appointments,
// validation does not panic, and what it accepts converts to the domain and back to the
// same wire form.
func FuzzAppointmentList(f *testing.F) {
	good, _ := json.Marshal(AppointmentList{Day: "2026-11-25", Appointments: []Appointment{validAppointment()}})
	f.Add(good)
	f.Add([]byte(`{"day":"2026-11-25","appointments":[{"id":"x","code":"00000013","start":"2026-11-25T23:59:59+14:00"}]}`))
	f.Add([]byte(`{"day":"2026-02-29","appointments":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var l AppointmentList
		if json.Unmarshal(body, &l) != nil {
			return
		}
		appts, err := l.Booking()
		if err != nil {
			return
		}
		for i, a := range appts {
			back := FromAppointment(a)
			if err := back.Validate(); err != nil {
				t.Fatalf("appointment %d accepted but its round trip is invalid: %v", i, err)
			}
			if a.Day() != l.Day {
				t.Fatalf("appointment %d accepted on day %s for list of %s", i, a.Day(), l.Day)
			}
		}
	})
}

// FuzzParseKey: a key that parses is spelled exactly as MakeKey would spell it, so one
// event cannot be applied twice under two spellings of its key.
func FuzzParseKey(f *testing.F) {
	for _, k := range []string{"k/1", "k/01", "a.b_c-d/18446744073709551615", "/", "k//1"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		id, seq, err := ParseKey(key)
		if err != nil {
			return
		}
		if MakeKey(id, seq) != key {
			t.Fatalf("key %q parses to %q, %d", key, id, seq)
		}
	})
}
