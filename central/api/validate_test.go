package api

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func validAppointment() Appointment {
	return Appointment{
		ID: "a1", Code: "00000013", ServiceID: "pas",
		Start:           time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("", 3600)),
		DurationSeconds: 600,
		Citizen:         Citizen{GivenNames: "Anna Sofie", Surname: "Jensen", BirthDate: "1980-02-29"},
	}
}

func validEvent() Event {
	return Event{Key: "k/1", Kind: KindCheckIn, At: time.Unix(1, 0), Ticket: Ticket{
		Number: "A001", Day: "2026-11-25", Kind: "appointment", Status: "issued", ServiceID: "pas", AppointmentID: "a1",
	}}
}

// TestValidateFieldErrors changes one field of a valid value at a time and expects the
// error to name that field.
func TestValidateFieldErrors(t *testing.T) {
	if err := validAppointment().Validate(); err != nil {
		t.Fatalf("valid appointment: %v", err)
	}
	if err := validEvent().Validate(); err != nil {
		t.Fatalf("valid event: %v", err)
	}
	appt := func(f func(*Appointment)) func() error {
		return func() error { a := validAppointment(); f(&a); return a.Validate() }
	}
	event := func(f func(*Event)) func() error {
		return func() error { e := validEvent(); f(&e); return e.Validate() }
	}
	tests := []struct {
		name, field string
		check       func() error
	}{
		{"no id", "id", appt(func(a *Appointment) { a.ID = "" })},
		{"bad check digit", "code", appt(func(a *Appointment) { a.Code = "00000012" })},
		{"short code", "code", appt(func(a *Appointment) { a.Code = "1234" })},
		{"no start", "start", appt(func(a *Appointment) { a.Start = time.Time{} })},
		{"negative duration", "durationSeconds", appt(func(a *Appointment) { a.DurationSeconds = -1 })},
		{"no given names", "citizen.givenNames", appt(func(a *Appointment) { a.Citizen.GivenNames = "" })},
		{"control in surname", "citizen.surname", appt(func(a *Appointment) { a.Citizen.Surname = "J\x00" })},
		{"huge surname", "citizen.surname", appt(func(a *Appointment) { a.Citizen.Surname = strings.Repeat("x", 201) })},
		{"bad UTF-8", "citizen.givenNames", appt(func(a *Appointment) { a.Citizen.GivenNames = "\xff" })},
		{"no such birth day", "citizen.birthDate", appt(func(a *Appointment) { a.Citizen.BirthDate = "1981-02-29" })},
		{"birth date form", "citizen.birthDate", appt(func(a *Appointment) { a.Citizen.BirthDate = "29-02-1980" })},
		{"unknown kind", "kind", event(func(e *Event) { e.Kind = "exploded" })},
		{"no time", "at", event(func(e *Event) { e.At = time.Time{} })},
		{"ticket day", "ticket.day", event(func(e *Event) { e.Ticket.Day = "2026-13-01" })},
		{"ticket status", "ticket.status", event(func(e *Event) { e.Ticket.Status = "lost" })},
		{"ticket kind", "ticket.kind", event(func(e *Event) { e.Ticket.Kind = "vip" })},
		{"appointment ticket without id", "ticket.appointmentId", event(func(e *Event) { e.Ticket.AppointmentID = "" })},
		{"no service", "ticket.serviceId", event(func(e *Event) { e.Ticket.ServiceID = "" })},
		{"service prefix", "prefix", func() error {
			return Service{ID: "s", NameDA: "a", NameEN: "b", Prefix: "a"}.Validate()
		}},
		{"evidence protocol", "evidence.protocol", func() error {
			return ActivationRequest{KioskID: "k", StaffID: "s", Evidence: Evidence{
				DocumentType: "P", IssuingState: "DNK", Protocol: "EAC", Authenticity: "ok"}}.Validate()
		}},
		{"negative pending", "pendingEvents", func() error { return Heartbeat{Version: "1", PendingEvents: -1}.Validate() }},
		{"code with space", "code", func() error {
			return ActivationResponse{UserIDHint: "u***", Code: "AB CD", ExpiresAt: time.Unix(1, 0)}.Validate()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check()
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v, want a *FieldError", err)
			}
			if fe.Field != tt.field {
				t.Errorf("field %q, want %q", fe.Field, tt.field)
			}
		})
	}
}

func TestEventKeyError(t *testing.T) {
	e := validEvent()
	e.Key = "no-slash"
	if err := e.Validate(); !errors.Is(err, ErrInvalidKey) {
		t.Fatalf("got %v, want ErrInvalidKey", err)
	}
}

func TestAppointmentListChecks(t *testing.T) {
	a := validAppointment()
	b := validAppointment()
	b.ID = "a2"
	tests := []struct {
		name  string
		list  AppointmentList
		field string
	}{
		{"other day", AppointmentList{Day: "2026-11-24", Appointments: []Appointment{a}}, "appointments[0].start"},
		{"twice the code", AppointmentList{Day: "2026-11-25", Appointments: []Appointment{a, b}}, "appointments[1].code"},
		{"nested field", AppointmentList{Day: "2026-11-25", Appointments: []Appointment{{ID: "x"}}}, "appointments[0].code"},
		{"bad day", AppointmentList{Day: "tomorrow"}, "day"},
	}
	for _, tt := range tests {
		var fe *FieldError
		if err := tt.list.Validate(); !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("%s: %v, want field %s", tt.name, err, tt.field)
		}
	}
}

func TestPushChecks(t *testing.T) {
	req := PushRequest{KioskID: "k", Events: []Event{validEvent()}}
	if err := req.Validate(); err != nil {
		t.Fatal(err)
	}
	req.Events = make([]Event, MaxBatchEvents+1)
	if err := req.Validate(); !errors.Is(err, ErrTooManyEvents) {
		t.Errorf("501 events: %v", err)
	}
	if err := (PushRequest{KioskID: "k/1"}).Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("kiosk id with slash: %v", err)
	}
	one := PushRequest{KioskID: "k", Events: []Event{validEvent()}}
	for _, tt := range []struct {
		name string
		resp PushResponse
		ok   bool
	}{
		{"matching", PushResponse{Results: []EventResult{{Key: "k/1", Status: ResultApplied}}}, true},
		{"missing", PushResponse{}, false},
		{"other key", PushResponse{Results: []EventResult{{Key: "k/2", Status: ResultApplied}}}, false},
		{"rejected without reason", PushResponse{Results: []EventResult{{Key: "k/1", Status: ResultRejected}}}, false},
		{"unknown status", PushResponse{Results: []EventResult{{Key: "k/1", Status: "maybe"}}}, false},
	} {
		if err := tt.resp.ValidateFor(one); (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestCounterEventKindsAccepted(t *testing.T) {
	for _, kind := range []string{KindRecalled, KindServing, KindTransferred} {
		e := validEvent()
		e.Kind = kind
		if err := e.Validate(); err != nil {
			t.Errorf("kind %q: %v", kind, err)
		}
	}
}
