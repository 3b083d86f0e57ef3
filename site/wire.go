package site

import (
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// The JSON of api/site.yaml. booking's types carry no tags on purpose (they are the
// domain, not a format), so the wire has its own, converted at the edge.

type wireService struct {
	ID          string `json:"id"`
	NameDA      string `json:"nameDa"`
	NameEN      string `json:"nameEn"`
	Prefix      string `json:"prefix"`
	DurationSec int64  `json:"durationSeconds"`
	AreaDA      string `json:"areaDa,omitempty"`
	AreaEN      string `json:"areaEn,omitempty"`
	BringDA     string `json:"bringDa,omitempty"`
	BringEN     string `json:"bringEn,omitempty"`
}

type wireTicket struct {
	Number        string    `json:"number"`
	Day           string    `json:"day"`
	Seq           int       `json:"seq"`
	Kind          string    `json:"kind"`
	Status        string    `json:"status"`
	ServiceID     string    `json:"serviceId"`
	AppointmentID string    `json:"appointmentId,omitempty"`
	BookedAt      time.Time `json:"bookedAt,omitzero"`
	IssuedAt      time.Time `json:"issuedAt,omitzero"`
	CalledAt      time.Time `json:"calledAt,omitzero"`
	RecalledAt    time.Time `json:"recalledAt,omitzero"`
	DoneAt        time.Time `json:"doneAt,omitzero"`
	Counter       string    `json:"counter,omitempty"`
}

type wireCitizen struct {
	GivenNames string `json:"givenNames"`
	Surname    string `json:"surname"`
	BirthDate  string `json:"birthDate"` // 2006-01-02
}

type wireAppointment struct {
	ID          string      `json:"id"`
	Code        string      `json:"code"`
	ServiceID   string      `json:"serviceId"`
	Start       time.Time   `json:"start"`
	DurationSec int64       `json:"durationSeconds"`
	Citizen     wireCitizen `json:"citizen"`
	Cancelled   bool        `json:"cancelled,omitempty"`
}

type wireVisit struct {
	Ticket      wireTicket       `json:"ticket"`
	Service     wireService      `json:"service"`
	Appointment *wireAppointment `json:"appointment,omitempty"`
	Again       bool             `json:"again,omitempty"`
	Ahead       int              `json:"ahead"`
	WaitSec     int64            `json:"waitSeconds"`
}

type wirePlace struct {
	Ticket  wireTicket `json:"ticket"`
	WaitSec int64      `json:"waitSeconds"`
}

// Request bodies.
type (
	checkInRequest struct {
		Code string `json:"code"`
	}
	apptRequest struct {
		AppointmentID string `json:"appointmentId"`
	}
	findRequest struct {
		BirthDate string `json:"birthDate"`
		FirstName string `json:"firstName,omitempty"`
	}
	walkInRequest struct {
		ServiceID string `json:"serviceId"`
	}
	callNextRequest struct {
		Services []string `json:"services,omitempty"`
	}
	transferRequest struct {
		ServiceID string `json:"serviceId"`
	}
	bookedRequest struct {
		Ticket wireTicket `json:"ticket"`
	}
)

// Answers that are more than one object.
type (
	atCounterAnswer struct {
		Ticket *wireTicket `json:"ticket,omitempty"`
	}
	bookedAnswer struct {
		Citizen *wireCitizen `json:"citizen,omitempty"`
	}
)

// Change is one entry of the desk's stream: a ticket as it stands after an action.
type Change struct {
	ID     uint64         // increasing; a client resumes after it with Last-Event-ID
	Action string         // "walk-in", "check-in", "call-next", "recall", ...
	Ticket booking.Ticket // no personal data: a ticket names an appointment by id only
}

type wireChange struct {
	Action string     `json:"action"`
	Ticket wireTicket `json:"ticket"`
}

func toWireService(s booking.Service) wireService {
	return wireService{ID: s.ID, NameDA: s.NameDA, NameEN: s.NameEN, Prefix: s.Prefix,
		DurationSec: int64(s.Duration / time.Second), AreaDA: s.Area, AreaEN: s.AreaEN,
		BringDA: s.BringDA, BringEN: s.BringEN}
}

func (w wireService) domain() booking.Service {
	return booking.Service{ID: w.ID, NameDA: w.NameDA, NameEN: w.NameEN, Prefix: w.Prefix,
		Duration: time.Duration(w.DurationSec) * time.Second, Area: w.AreaDA, AreaEN: w.AreaEN,
		BringDA: w.BringDA, BringEN: w.BringEN}
}

func toWireTicket(t booking.Ticket) wireTicket {
	return wireTicket{Number: t.Number, Day: t.Day, Seq: t.Seq, Kind: t.Kind.String(),
		Status: t.Status.String(), ServiceID: t.ServiceID, AppointmentID: t.AppointmentID,
		BookedAt: t.BookedAt, IssuedAt: t.IssuedAt, CalledAt: t.CalledAt,
		RecalledAt: t.RecalledAt, DoneAt: t.DoneAt, Counter: t.Counter}
}

func (w wireTicket) domain() (booking.Ticket, error) {
	kind, err := parseKind(w.Kind)
	if err != nil {
		return booking.Ticket{}, err
	}
	status, err := parseStatus(w.Status)
	if err != nil {
		return booking.Ticket{}, err
	}
	return booking.Ticket{Number: w.Number, Day: w.Day, Seq: w.Seq, Kind: kind, Status: status,
		ServiceID: w.ServiceID, AppointmentID: w.AppointmentID, BookedAt: w.BookedAt,
		IssuedAt: w.IssuedAt, CalledAt: w.CalledAt, RecalledAt: w.RecalledAt, DoneAt: w.DoneAt,
		Counter: w.Counter}, nil
}

func parseKind(s string) (booking.TicketKind, error) {
	for _, k := range []booking.TicketKind{booking.KindWalkIn, booking.KindAppointment} {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, badInput("unknown ticket kind %q", s)
}

func parseStatus(s string) (booking.TicketStatus, error) {
	for st := booking.StatusIssued; st <= booking.StatusCancelled; st++ {
		if st.String() == s {
			return st, nil
		}
	}
	return 0, badInput("unknown ticket status %q", s)
}

func toWireCitizen(c booking.Citizen) wireCitizen {
	return wireCitizen{GivenNames: c.GivenNames, Surname: c.Surname, BirthDate: c.BirthDate.String()}
}

func (w wireCitizen) domain() (booking.Citizen, error) {
	c := booking.Citizen{GivenNames: w.GivenNames, Surname: w.Surname}
	if w.BirthDate != "" {
		d, err := parseDate(w.BirthDate)
		if err != nil {
			return c, err
		}
		c.BirthDate = d
	}
	return c, nil
}

func parseDate(s string) (booking.Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		// The value is not quoted: it may be a birth date, and errors end up in logs.
		return booking.Date{}, badInput("a date is not YYYY-MM-DD")
	}
	return booking.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
}

func toWireAppointment(a booking.Appointment) wireAppointment {
	return wireAppointment{ID: a.ID, Code: a.Code, ServiceID: a.ServiceID, Start: a.Start,
		DurationSec: int64(a.Duration / time.Second), Citizen: toWireCitizen(a.Citizen), Cancelled: a.Cancelled}
}

func (w wireAppointment) domain() (booking.Appointment, error) {
	c, err := w.Citizen.domain()
	if err != nil {
		return booking.Appointment{}, err
	}
	return booking.Appointment{ID: w.ID, Code: w.Code, ServiceID: w.ServiceID, Start: w.Start,
		Duration: time.Duration(w.DurationSec) * time.Second, Citizen: c, Cancelled: w.Cancelled}, nil
}

func toWireVisit(v booking.Visit) wireVisit {
	w := wireVisit{Ticket: toWireTicket(v.Ticket), Service: toWireService(v.Service),
		Again: v.Again, Ahead: v.Ahead, WaitSec: int64(v.Wait / time.Second)}
	if v.Appointment.ID != "" {
		a := toWireAppointment(v.Appointment)
		w.Appointment = &a
	}
	return w
}

func (w wireVisit) domain() (booking.Visit, error) {
	t, err := w.Ticket.domain()
	if err != nil {
		return booking.Visit{}, err
	}
	v := booking.Visit{Ticket: t, Service: w.Service.domain(), Again: w.Again, Ahead: w.Ahead,
		Wait: time.Duration(w.WaitSec) * time.Second}
	if w.Appointment != nil {
		if v.Appointment, err = w.Appointment.domain(); err != nil {
			return booking.Visit{}, err
		}
	}
	return v, nil
}
