package booking

import (
	"fmt"
	"sync"
	"time"
)

// memStore is an in-memory Store for unit tests. It numbers tickets as the contract says:
// per day and prefix from 1, and returns the existing ticket for an appointment.
type memStore struct {
	mu          sync.Mutex
	services    []Service
	byCode      map[string]Appointment
	byBirth     map[string][]Appointment // day + "/" + birth date
	tickets     map[string][]Ticket      // by day
	byAppt      map[string]Ticket        // appointment ID → ticket
	seq         map[string]int           // day + "/" + prefix → last seq
	events      []Event
	failIssues  error // when set, IssueTicket returns it
	failTickets error // when set, Tickets returns it
	failLookups error // when set, AppointmentByCode returns it
}

func newMemStore(services []Service, appts ...Appointment) *memStore {
	s := &memStore{
		services: services,
		byCode:   map[string]Appointment{},
		byBirth:  map[string][]Appointment{},
		tickets:  map[string][]Ticket{},
		byAppt:   map[string]Ticket{},
		seq:      map[string]int{},
	}
	for _, a := range appts {
		s.add(a)
	}
	return s
}

func (s *memStore) add(a Appointment) {
	s.byCode[a.Code] = a
	k := a.Day() + "/" + a.Citizen.BirthDate.String()
	s.byBirth[k] = append(s.byBirth[k], a)
}

func (s *memStore) Services() ([]Service, error) { return s.services, nil }

func (s *memStore) AppointmentByCode(code string) (Appointment, error) {
	if s.failLookups != nil {
		return Appointment{}, s.failLookups
	}
	a, ok := s.byCode[code]
	if !ok {
		return Appointment{}, fmt.Errorf("appointment by code: %w", ErrNotFound)
	}
	return a, nil
}

func (s *memStore) AppointmentByID(id string) (Appointment, error) {
	if s.failLookups != nil {
		return Appointment{}, s.failLookups
	}
	for _, a := range s.byCode {
		if a.ID == id {
			return a, nil
		}
	}
	return Appointment{}, fmt.Errorf("appointment by id: %w", ErrNotFound)
}

func (s *memStore) AppointmentsByBirthDate(day string, birth Date) ([]Appointment, error) {
	return s.byBirth[day+"/"+birth.String()], nil
}

func (s *memStore) IssueTicket(t Ticket, prefix string, kind EventKind) (Ticket, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failIssues != nil {
		return Ticket{}, false, s.failIssues
	}
	if t.AppointmentID != "" {
		if old, ok := s.byAppt[t.AppointmentID]; ok {
			return old, true, nil
		}
	}
	k := t.Day + "/" + prefix
	s.seq[k]++
	t.Seq = s.seq[k]
	t.Number = FormatNumber(prefix, t.Seq)
	s.tickets[t.Day] = append(s.tickets[t.Day], t)
	if t.AppointmentID != "" {
		s.byAppt[t.AppointmentID] = t
	}
	s.events = append(s.events, Event{Kind: kind, Ticket: t})
	return t, false, nil
}

func (s *memStore) UpdateTicket(t Ticket, kind EventKind) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.tickets[t.Day]
	for i := range ts {
		if ts[i].Number == t.Number {
			ts[i] = t
			if t.AppointmentID != "" {
				s.byAppt[t.AppointmentID] = t
			}
			s.events = append(s.events, Event{Kind: kind, Ticket: t})
			return nil
		}
	}
	return fmt.Errorf("update ticket: %w", ErrNotFound)
}

func (s *memStore) Tickets(day string) ([]Ticket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failTickets != nil {
		return nil, s.failTickets
	}
	return append([]Ticket(nil), s.tickets[day]...), nil
}

// resetDay forgets the tickets of day, for benchmarks that issue many.
func (s *memStore) resetDay(day string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tickets[day] {
		delete(s.byAppt, t.AppointmentID)
	}
	delete(s.tickets, day)
	for k := range s.seq {
		s.seq[k] = 0
	}
}

// Test fixtures: a Tuesday in Copenhagen.
var (
	cph      = mustLoad("Europe/Copenhagen")
	testDay  = time.Date(2026, time.March, 10, 0, 0, 0, 0, cph)
	services = []Service{
		{ID: "pas", NameDA: "Pas", NameEN: "Passport", Prefix: "A", Duration: 10 * time.Minute},
		{ID: "mitid", NameDA: "MitID", NameEN: "MitID", Prefix: "B", Duration: 15 * time.Minute},
		{ID: "koerekort", NameDA: "Kørekort", NameEN: "Driving licence", Prefix: "C", Duration: 20 * time.Minute},
	}
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Without tzdata a fixed CET offset keeps the tests meaningful.
		return time.FixedZone("CET", 3600)
	}
	return loc
}

// at returns testDay at hh:mm.
func at(hh, mm int) time.Time {
	return testDay.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// fixedClock is a Clock whose time tests set.
type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }
