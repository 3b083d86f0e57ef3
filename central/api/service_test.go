package api

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// TestServiceTextsFromServers: a kiosk reads an older server's Danish-only area, and a newer
// server's texts in two languages, which win over the old field it also sends.
func TestServiceTextsFromServers(t *testing.T) {
	const head = `{"id":"mitid","nameDa":"MitID","nameEn":"MitID","prefix":"B","durationSeconds":900`
	tests := []struct {
		name string
		body string
		want booking.Service
	}{
		{"older server", head + `,"area":"Venteområde B"}`,
			booking.Service{Area: "Venteområde B"}},
		{"newer server", head + `,"area":"Venteområde B","waitingArea":{"da":"Venteområde B","en":"Waiting area B"},` +
			`"bring":{"da":"Gyldigt billed-ID med chip","en":"Valid photo ID with a chip"}}`,
			booking.Service{Area: "Venteområde B", AreaEN: "Waiting area B",
				BringDA: "Gyldigt billed-ID med chip", BringEN: "Valid photo ID with a chip"}},
		{"danish only, new form", head + `,"waitingArea":{"da":"Venteområde B"},"bring":{"da":"Pas"}}`,
			booking.Service{Area: "Venteområde B", BringDA: "Pas"}},
		{"no texts", head + `}`, booking.Service{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Service
			if err := DecodeJSON(strings.NewReader(tt.body), &s); err != nil {
				t.Fatal(err)
			}
			got, err := s.Booking()
			if err != nil {
				t.Fatal(err)
			}
			tt.want.ID, tt.want.NameDA, tt.want.NameEN, tt.want.Prefix, tt.want.Duration = "mitid", "MitID", "MitID", "B", got.Duration
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestServiceTextsForOlderKiosks: the wire form keeps the Danish area in the old field, so a
// kiosk that knows only that one still tells citizens where to sit.
func TestServiceTextsForOlderKiosks(t *testing.T) {
	w := FromService(booking.Service{ID: "pas", NameDA: "Pas", NameEN: "Passport", Prefix: "A",
		Area: "Venteområde A", AreaEN: "Waiting area A"})
	body, _ := json.Marshal(w)
	var old struct{ Area string }
	if err := json.Unmarshal(body, &old); err != nil || old.Area != "Venteområde A" {
		t.Errorf("old field %q (%v) in %s", old.Area, err, body)
	}
	if strings.Contains(string(body), "bring") {
		t.Errorf("a service with nothing to bring sends %s", body)
	}
}

func TestServiceTextChecks(t *testing.T) {
	svc := func(edit func(*Service)) Service {
		s := Service{ID: "s", NameDA: "a", NameEN: "b", Prefix: "A"}
		edit(&s)
		return s
	}
	tests := []struct {
		name, field string
		s           Service
	}{
		{"area without Danish", "waitingArea.da", svc(func(s *Service) { s.WaitingArea = &LocalText{EN: "Waiting area"} })},
		{"huge English area", "waitingArea.en", svc(func(s *Service) { s.WaitingArea = &LocalText{DA: "A", EN: strings.Repeat("x", 201)} })},
		{"bring without Danish", "bring.da", svc(func(s *Service) { s.Bring = &LocalText{} })},
		{"huge bring", "bring.da", svc(func(s *Service) { s.Bring = &LocalText{DA: strings.Repeat("ø", 301)} })},
		{"control in bring", "bring.en", svc(func(s *Service) { s.Bring = &LocalText{DA: "Pas", EN: "Pass\x1b[2J"} })},
		{"old area too long", "area", svc(func(s *Service) { s.Area = strings.Repeat("x", 201) })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fe *FieldError
			err := tt.s.Validate()
			if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) || fe.Field != tt.field {
				t.Fatalf("error %v, want a *FieldError on %s", err, tt.field)
			}
		})
	}
}

// FuzzServiceList: whatever a server sends as services, validation does not panic, and
// what it accepts converts to the domain and back to a valid wire form with the same texts.
func FuzzServiceList(f *testing.F) {
	f.Add([]byte(`{"services":[{"id":"p","nameDa":"Pas","nameEn":"Passport","prefix":"A","durationSeconds":60,"area":"Venteområde A"}]}`))
	f.Add([]byte(`{"services":[{"id":"m","nameDa":"M","nameEn":"M","prefix":"B","durationSeconds":1,"waitingArea":{"da":"B","en":"B"},"bring":{"da":"ID"}}]}`))
	f.Add([]byte(`{"services":[{"id":"m","nameDa":"M","nameEn":"M","prefix":"B","bring":{"en":"ID"}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var l ServiceList
		if DecodeJSON(strings.NewReader(string(body)), &l) != nil {
			return
		}
		services, err := l.Booking()
		if err != nil {
			return
		}
		for i, s := range services {
			back := FromService(s)
			if err := back.Validate(); err != nil {
				t.Fatalf("service %d accepted but its round trip is invalid: %v", i, err)
			}
			again, err := back.Booking()
			if err != nil || !reflect.DeepEqual(again, s) {
				t.Fatalf("service %d changed on a round trip: %+v, then %+v (%v)", i, s, again, err)
			}
		}
	})
}
