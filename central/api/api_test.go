package api

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
)

func TestParseKey(t *testing.T) {
	tests := []struct {
		key  string
		id   string
		seq  uint64
		fail bool
	}{
		{key: "kiosk-1/42", id: "kiosk-1", seq: 42},
		{key: "K.a_b-c/0", id: "K.a_b-c", seq: 0},
		{key: "k/18446744073709551615", id: "k", seq: 1<<64 - 1},
		{key: "k/18446744073709551616", fail: true},
		{key: "k/042", fail: true},
		{key: "k/", fail: true},
		{key: "/1", fail: true},
		{key: "k1", fail: true},
		{key: "k/1/2", fail: true},
		{key: "k/-1", fail: true},
		{key: "k/+1", fail: true},
		{key: "kø/1", fail: true},
		{key: strings.Repeat("k", MaxKioskIDLen+1) + "/1", fail: true},
	}
	for _, tt := range tests {
		id, seq, err := ParseKey(tt.key)
		if tt.fail {
			if !errors.Is(err, ErrInvalidKey) || !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseKey(%q) = %v, want ErrInvalidKey", tt.key, err)
			}
			continue
		}
		if err != nil || id != tt.id || seq != tt.seq {
			t.Errorf("ParseKey(%q) = %q, %d, %v", tt.key, id, seq, err)
		}
		if MakeKey(id, seq) != tt.key {
			t.Errorf("MakeKey(%q, %d) = %q", id, seq, MakeKey(id, seq))
		}
	}
}

func TestDemoRoundTrip(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	services, appts, _ := demo.Seed(time.Date(2026, 11, 25, 12, 0, 0, 0, loc))
	var sl ServiceList
	for _, s := range services {
		sl.Services = append(sl.Services, FromService(s))
	}
	back, err := roundTrip(t, sl).Booking()
	if err != nil || !reflect.DeepEqual(back, services) {
		t.Fatalf("services: %v\n%+v\n%+v", err, back, services)
	}
	al := AppointmentList{Day: "2026-11-25"}
	for _, a := range appts {
		al.Appointments = append(al.Appointments, FromAppointment(a))
	}
	got, err := roundTrip(t, al).Booking()
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if !got[i].Start.Equal(appts[i].Start) || got[i].Day() != appts[i].Day() {
			t.Errorf("appointment %d: start %v, want %v", i, got[i].Start, appts[i].Start)
		}
		got[i].Start = appts[i].Start
	}
	if !reflect.DeepEqual(got, appts) {
		t.Errorf("appointments differ after a round trip")
	}
}

func TestEventRoundTrip(t *testing.T) {
	ev := booking.Event{Kind: booking.EventCalled, Ticket: booking.Ticket{
		Number: "A042", Day: "2026-11-25", Kind: booking.KindAppointment, Status: booking.StatusCalled,
		ServiceID: "pas", AppointmentID: "demo-1", Counter: "3",
	}}
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	w := roundTrip(t, EventFrom("k/7", ev, at))
	if w.Key != "k/7" || !w.At.Equal(at) || w.Ticket.Status != "called" || w.Ticket.Kind != "appointment" {
		t.Fatalf("wire event: %+v", w)
	}
	back, err := w.Booking()
	if err != nil || !reflect.DeepEqual(back, ev) {
		t.Fatalf("back: %v %+v", err, back)
	}
}

func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
