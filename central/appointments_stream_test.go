package central

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

const streamAppt = `{"id":"a","code":"00000013","serviceId":"pas","start":"2026-11-25T10:00:00+01:00","durationSeconds":600,"citizen":{"givenNames":"Anna","surname":"J","birthDate":"1980-02-29"}}`

// TestDecodeAppointments: the streaming decoder takes what decoding the whole list takes,
// in any key order, and refuses a broken body with a malformed-JSON error.
func TestDecodeAppointments(t *testing.T) {
	tests := []struct {
		name string
		body string
		day  string
		n    int
		err  string // part of the error; "" for none
	}{
		{"day first", `{"day":"2026-11-25","appointments":[` + streamAppt + `,` + streamAppt + `]}`, "2026-11-25", 2, ""},
		{"day last, other case", `{"Appointments":[` + streamAppt + `],"DAY":"2026-11-25"}`, "2026-11-25", 1, ""},
		{"unknown keys skipped", `{"next":{"a":[1,{"b":null}]},"day":"2026-11-25","n":3,"appointments":[]}`, "2026-11-25", 0, ""},
		{"null list", `{"day":"2026-11-25","appointments":null}`, "2026-11-25", 0, ""},
		{"no list", `{"day":"2026-11-25"}`, "2026-11-25", 0, ""},
		{"empty body", ``, "", 0, "ends early"},
		{"not an object", `[1,2]`, "", 0, "not an object"},
		{"list not a list", `{"day":"2026-11-25","appointments":{}}`, "", 0, "not a list"},
		{"list twice", `{"appointments":[],"day":"2026-11-25","appointments":[]}`, "", 0, "appears twice"},
		{"day twice", `{"day":"2026-11-24","day":"2026-11-25"}`, "", 0, "appears twice"},
		{"day not text", `{"day":20261125}`, "", 0, "day: malformed JSON"},
		{"bad record", `{"day":"2026-11-25","appointments":[` + streamAppt + `,{"durationSeconds":"ten"}]}`, "", 1, "appointments[1]"},
		{"cut in a record", `{"day":"2026-11-25","appointments":[` + streamAppt[:40], "", 0, "ends early"},
		{"cut after the list", `{"day":"2026-11-25","appointments":[]`, "", 0, "ends early"},
		{"two values", `{"day":"2026-11-25"} {}`, "", 0, "more than one value"},
		{"syntax", `{"day":"2026-11-25",]`, "", 0, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			// One byte per read: the decoder must not depend on how the body arrives.
			day, err := decodeAppointments(iotest.OneByteReader(strings.NewReader(tt.body)), func(api.Appointment) { n++ })
			if tt.err == "" && err != nil {
				t.Fatalf("error %v", err)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("error %v, want one with %q", err, tt.err)
			}
			if err == nil && day != tt.day {
				t.Errorf("day %q, want %q", day, tt.day)
			}
			if n != tt.n {
				t.Errorf("%d appointments handed on, want %d", n, tt.n)
			}
		})
	}
}

// FuzzDecodeAppointments: on any body the streaming decoder does not panic, and whatever
// it accepts, decoding the whole answer accepts too, with the same day and appointments.
func FuzzDecodeAppointments(f *testing.F) {
	f.Add([]byte(`{"day":"2026-11-25","appointments":[` + streamAppt + `]}`))
	f.Add([]byte(`{"appointments":[{"id":"a","code":"00000013","start":"2026-11-25T10:00:00Z"},{"id":"a"}],"x":[{}],"day":"2026-11-25"}`))
	f.Add([]byte(`{"day":"2026-11-25","appointments":null}`))
	f.Add([]byte(`{"day":"2026-11-25","appointments":[]} []`))
	f.Add([]byte(`[1,2,3]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var got []api.Appointment
		day, err := decodeAppointments(bytes.NewReader(body), func(a api.Appointment) { got = append(got, a) })
		if err != nil {
			return
		}
		var whole api.AppointmentList
		if err := api.DecodeJSON(bytes.NewReader(body), &whole); err != nil {
			t.Fatalf("streamed decoding accepted what whole decoding refuses: %v", err)
		}
		if day != whole.Day || len(got) != len(whole.Appointments) {
			t.Fatalf("streamed %q with %d appointments, whole %q with %d", day, len(got), whole.Day, len(whole.Appointments))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], whole.Appointments[i]) {
				a, _ := json.Marshal(got[i])
				b, _ := json.Marshal(whole.Appointments[i])
				t.Fatalf("appointment %d: streamed %s, whole %s", i, a, b)
			}
		}
	})
}
