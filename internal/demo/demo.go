// Package demo makes the fictitious day that `citizenkiosk --demo` runs on: four services and
// about forty booked citizens whose appointments lie around the current time, so that check-in
// works whenever someone tries the demo. Every name and date here is invented.
package demo

import (
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// Services are the demo centre's services, in the order the walk-in screen shows them.
func Services() []booking.Service {
	return []booking.Service{
		{ID: "pas", NameDA: "Pas og kørekort", NameEN: "Passport and driving licence", Prefix: "A", Duration: 12 * time.Minute,
			Area: "Venteområde A", AreaEN: "Waiting area A",
			BringDA: "Dit nuværende pas eller kørekort, hvis du har et.",
			BringEN: "Your current passport or driving licence, if you have one."},
		{ID: "mitid", NameDA: "MitID", NameEN: "MitID", Prefix: "B", Duration: 15 * time.Minute,
			Area: "Venteområde B", AreaEN: "Waiting area B", BringDA: bringPhotoIDDA, BringEN: bringPhotoIDEN},
		{ID: "sundhed", NameDA: "Sundhedskort", NameEN: "Health insurance card", Prefix: "C", Duration: 6 * time.Minute,
			Area: "Venteområde A", AreaEN: "Waiting area A"},
		{ID: "flyt", NameDA: "Flytning", NameEN: "Change of address", Prefix: "D", Duration: 8 * time.Minute,
			Area: "Venteområde B", AreaEN: "Waiting area B"},
	}
}

// MitID at the counter needs physical photo ID that the kiosk's reader can check.
const (
	bringPhotoIDDA = "Gyldigt billed-ID med chip: pas, kørekort eller opholdskort."
	bringPhotoIDEN = "Valid photo ID with a chip: passport, driving licence or residence permit."
)

var givenNames = []string{
	"Anna Sofie", "Mikkel", "Freja", "Søren", "Ida Marie", "Jens Peter", "Emma", "Mads", "Astrid",
	"Lars", "Karen", "Frederik", "Sofie", "Christian", "Maja", "Rasmus", "Laura", "Niels", "Clara",
	"Ole", "Aya", "Mohammed", "Ewa", "Tomasz", "Ingrid", "Bo", "Signe", "Kasper", "Nanna", "Jørgen",
	"Ulla", "Henrik", "Mette", "Ahmad", "Liv", "Anders", "Birgit", "Emil", "Åse", "Viggo",
}

var surnames = []string{
	"Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
	"Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
	"Poulsen", "Johansen", "Møller", "Mortensen", "Østergaard", "Kowalski", "Haddad", "Ærø",
}

// Count is the number of demo appointments.
const Count = 40

// Hints names appointments a person trying the demo can use, and why each is interesting.
type Hints struct {
	DueNow   string       // booking code whose appointment starts now: checks in
	TooEarly string       // booking code two hours ahead: "come back at …"
	TooLate  string       // booking code that started 40 minutes ago: offered a walk-in ticket
	Twins    booking.Date // two citizens born this day have appointments now: the kiosk asks for a first name
}

// Seed returns the services and today's appointments, laid out around now: one every
// eight minutes from 90 minutes ago, with the hinted cases at fixed offsets.
func Seed(now time.Time) ([]booking.Service, []booking.Appointment, Hints) {
	services := Services()
	base := now.Truncate(time.Minute)
	appts := make([]booking.Appointment, 0, Count)
	for i := range Count {
		start := base.Add(time.Duration(i*8-90) * time.Minute)
		appts = append(appts, appointment(i, start, services[i%len(services)], birth(i)))
	}
	// The hinted cases, at fixed places in the list.
	appts[0].Start = base.Add(-40 * time.Minute) // too late
	appts[1].Start = base                        // due now
	appts[2].Start = base.Add(2 * time.Hour)     // too early
	twins := booking.Date{Year: 1988, Month: time.March, Day: 14}
	appts[3].Start, appts[3].Citizen.BirthDate = base.Add(5*time.Minute), twins
	appts[4].Start, appts[4].Citizen.BirthDate = base.Add(10*time.Minute), twins
	appts[3].Citizen.GivenNames, appts[4].Citizen.GivenNames = "Søren", "Jens Peter"
	return services, appts, Hints{DueNow: appts[1].Code, TooEarly: appts[2].Code, TooLate: appts[0].Code, Twins: twins}
}

func appointment(i int, start time.Time, s booking.Service, born booking.Date) booking.Appointment {
	return booking.Appointment{
		ID:        "demo-" + booking.MakeBookingCode(1000+i),
		Code:      booking.MakeBookingCode(1000 + i),
		ServiceID: s.ID,
		Start:     start,
		Duration:  s.Duration,
		Citizen: booking.Citizen{
			GivenNames: givenNames[i%len(givenNames)],
			Surname:    surnames[(i*7)%len(surnames)],
			BirthDate:  born,
		},
	}
}

// birth spreads birth dates over 1940–2007 without repeating within the demo.
func birth(i int) booking.Date {
	d := time.Date(1940, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 613*i+97)
	return booking.DateOf(d)
}

// DayReplacer is the part of storage.DB that seeding needs.
type DayReplacer interface {
	ReplaceDay(day string, services []booking.Service, appts []booking.Appointment) error
}

// Install writes the demo day into the store, one transaction per calendar day the
// appointments fall on (the span crosses midnight late in the evening).
func Install(store DayReplacer, now time.Time) (Hints, error) {
	services, appts, hints := Seed(now)
	byDay := map[string][]booking.Appointment{}
	for _, a := range appts {
		byDay[a.Day()] = append(byDay[a.Day()], a)
	}
	for day, list := range byDay {
		if err := store.ReplaceDay(day, services, list); err != nil {
			return hints, err
		}
	}
	return hints, nil
}
