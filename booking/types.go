package booking

import (
	"fmt"
	"time"
)

// Service is something a citizen can come for, such as passports or MitID.
type Service struct {
	ID     string // stable identifier, e.g. "pas"
	NameDA string // Danish name shown on screens and slips
	NameEN string // English name
	// Prefix is the letter that starts this service's ticket numbers ("A" in A042).
	// Numbering restarts at 1 every day for each prefix.
	Prefix string
	// Duration is the typical time a counter spends on one citizen; it drives wait estimates.
	Duration time.Duration
	// Area tells citizens where to sit while they wait, in Danish ("Venteområde B"); it
	// keeps its name from the days when it was Danish only, so stored records still read.
	// AreaEN is the English text ("Waiting area B"). Both are optional.
	Area, AreaEN string
	// BringDA and BringEN say what a citizen must bring to the counter ("Gyldigt billed-ID
	// med chip: …"), shown on the ticket screen and slip. Optional.
	BringDA, BringEN string
}

// Name returns the service name in the given language ("da" or "en"); Danish otherwise.
func (s Service) Name(language string) string { return inLanguage(language, s.NameDA, s.NameEN) }

// WaitingArea returns where to sit in language, falling back to Danish when the service
// has no English text; "" if the service names no area.
func (s Service) WaitingArea(language string) string { return inLanguage(language, s.Area, s.AreaEN) }

// ToBring returns what to bring in language, falling back to Danish; "" if nothing is asked.
func (s Service) ToBring(language string) string { return inLanguage(language, s.BringDA, s.BringEN) }

// inLanguage picks en for English when there is one: a Danish text is better than none
// for a citizen reading English, since place names and ID documents are Danish anyway.
func inLanguage(language, da, en string) string {
	if language == "en" && en != "" {
		return en
	}
	return da
}

// Citizen holds the personal data of a booked citizen. Storage seals it at rest;
// it never appears in a database key or a log line.
type Citizen struct {
	GivenNames string
	Surname    string
	BirthDate  Date
}

// FirstName is the first of the given names, used to tell apart citizens born on one day.
func (c Citizen) FirstName() string {
	for i, r := range c.GivenNames {
		if r == ' ' {
			return c.GivenNames[:i]
		}
	}
	return c.GivenNames
}

// Appointment is a booked visit.
type Appointment struct {
	ID        string // stable identifier from the central system
	Code      string // booking code printed on the confirmation, see ParseBookingCode
	ServiceID string
	Start     time.Time
	Duration  time.Duration
	Citizen   Citizen
	Cancelled bool
}

// Day is the local calendar day an appointment or ticket belongs to, as "2006-01-02".
func (a Appointment) Day() string { return DayOf(a.Start) }

// DayOf formats the calendar day of t in t's location as "2006-01-02".
func DayOf(t time.Time) string { return t.Format(time.DateOnly) }

// TicketKind says how a ticket came to be.
type TicketKind uint8

const (
	KindWalkIn      TicketKind = iota // taken at the kiosk without an appointment
	KindAppointment                   // issued at check-in for a booked appointment
)

func (k TicketKind) String() string {
	switch k {
	case KindWalkIn:
		return "walk-in"
	case KindAppointment:
		return "appointment"
	}
	return fmt.Sprintf("TicketKind(%d)", uint8(k))
}

// TicketStatus is where a ticket is in its life at the counter.
type TicketStatus uint8

const (
	StatusIssued    TicketStatus = iota // waiting
	StatusCalled                        // shown on the board, citizen walking to the counter
	StatusServing                       // at the counter
	StatusDone                          // served
	StatusNoShow                        // called but did not come
	StatusCancelled                     // withdrawn
)

var statusNames = [...]string{"issued", "called", "serving", "done", "no-show", "cancelled"}

func (s TicketStatus) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("TicketStatus(%d)", uint8(s))
}

// Waiting reports whether the ticket is still in the queue.
func (s TicketStatus) Waiting() bool { return s == StatusIssued }

// Ticket is a place in the queue.
type Ticket struct {
	Number string // e.g. "A042": the service prefix and the day's sequence, see FormatNumber
	Day    string // calendar day, "2006-01-02"
	Seq    int    // the day's sequence number for the prefix, from 1
	Kind   TicketKind
	Status TicketStatus

	ServiceID     string
	AppointmentID string    // empty for walk-ins
	BookedAt      time.Time // the appointment's start; zero for walk-ins
	IssuedAt      time.Time
	CalledAt      time.Time // first called; kept by a recall, cleared by a transfer
	RecalledAt    time.Time // last called again (Desk.Recall); zero if never
	DoneAt        time.Time // served, or given up as a no-show
	Counter       string    // the counter that called it
}

// FormatNumber makes a ticket number from a prefix and the day's sequence: "A" and 42 → "A042".
func FormatNumber(prefix string, seq int) string { return fmt.Sprintf("%s%03d", prefix, seq) }

// Clock tells the time. Production uses SystemClock; tests use a fixed one.
type Clock interface{ Now() time.Time }

// SystemClock is the Clock of the wall.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }
