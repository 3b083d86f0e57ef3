package site

import (
	"net/http"
	"net/url"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// The methods of kiosk.Desk, kiosk.CounterDesk and kiosk.BoardDesk, each one request.

// Services lists today's services in display order.
func (c *Client) Services() ([]booking.Service, error) {
	var ws []wireService
	if err := c.call(http.MethodGet, "/v1/services", false, nil, &ws); err != nil {
		return nil, err
	}
	out := make([]booking.Service, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.domain())
	}
	return out, nil
}

// Service returns the service with id.
func (c *Client) Service(id string) (booking.Service, error) {
	var w wireService
	err := c.call(http.MethodGet, "/v1/services/"+url.PathEscape(id), false, nil, &w)
	return w.domain(), err
}

func (c *Client) visit(path string, body any) (booking.Visit, error) {
	var w wireVisit
	if err := c.call(http.MethodPost, path, true, body, &w); err != nil {
		return lateVisit(err), err
	}
	return w.domain()
}

// CheckIn checks in the holder of a typed or scanned booking code.
func (c *Client) CheckIn(code string) (booking.Visit, error) {
	return c.visit("/v1/check-ins", checkInRequest{Code: code})
}

// CheckInAppointment checks in for a, found by FindByBirth.
func (c *Client) CheckInAppointment(a booking.Appointment) (booking.Visit, error) {
	return c.visit("/v1/check-ins/appointment", apptRequest{AppointmentID: a.ID})
}

// FindByBirth finds today's appointment of a citizen by birth date and first name. The
// request is a POST so that the birth date stays out of URLs and access logs.
func (c *Client) FindByBirth(birth booking.Date, firstName string) (booking.Appointment, error) {
	var w wireAppointment
	if err := c.call(http.MethodPost, "/v1/appointments/search", false, findRequest{BirthDate: birth.String(), FirstName: firstName}, &w); err != nil {
		return booking.Appointment{}, err
	}
	return w.domain()
}

// WalkIn takes a walk-in ticket for serviceID.
func (c *Client) WalkIn(serviceID string) (booking.Visit, error) {
	return c.visit("/v1/walk-ins", walkInRequest{ServiceID: serviceID})
}

// Line lists the tickets waiting for services (all if empty) in call order.
func (c *Client) Line(services []string) ([]booking.Place, error) {
	q := url.Values{"service": services}
	var ws []wirePlace
	if err := c.call(http.MethodGet, "/v1/line?"+q.Encode(), false, nil, &ws); err != nil {
		return nil, err
	}
	out := make([]booking.Place, 0, len(ws))
	for _, w := range ws {
		t, err := w.Ticket.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, booking.Place{Ticket: t, Wait: time.Duration(w.WaitSec) * time.Second})
	}
	return out, nil
}

// AtCounter returns the ticket counter is dealing with; found is false when it is free.
func (c *Client) AtCounter(counter string) (booking.Ticket, bool, error) {
	var a atCounterAnswer
	if err := c.call(http.MethodGet, "/v1/counters/"+url.PathEscape(counter)+"/ticket", false, nil, &a); err != nil || a.Ticket == nil {
		return booking.Ticket{}, false, err
	}
	t, err := a.Ticket.domain()
	return t, err == nil, err
}

// Booked returns the citizen booked for t; found is false for a walk-in.
func (c *Client) Booked(t booking.Ticket) (booking.Citizen, bool, error) {
	var a bookedAnswer
	if err := c.call(http.MethodPost, "/v1/booked", false, bookedRequest{Ticket: toWireTicket(t)}, &a); err != nil || a.Citizen == nil {
		return booking.Citizen{}, false, err
	}
	cz, err := a.Citizen.domain()
	return cz, err == nil, err
}

func (c *Client) ticket(path string, body any) (booking.Ticket, error) {
	var w wireTicket
	if err := c.call(http.MethodPost, path, true, body, &w); err != nil {
		return booking.Ticket{}, err
	}
	return w.domain()
}

// CallNext calls the next ticket for one of services (all if empty) to counter.
func (c *Client) CallNext(counter string, services []string) (booking.Ticket, error) {
	return c.ticket("/v1/counters/"+url.PathEscape(counter)+"/call-next", callNextRequest{Services: services})
}

// Recall calls the ticket number again.
func (c *Client) Recall(number string) (booking.Ticket, error) { return c.act(number, "recall") }

// Start records that the citizen of number has come to the counter.
func (c *Client) Start(number string) (booking.Ticket, error) { return c.act(number, "start") }

// NoShow gives up on the ticket number.
func (c *Client) NoShow(number string) (booking.Ticket, error) { return c.act(number, "no-show") }

// Finish records that the citizen of number has been served.
func (c *Client) Finish(number string) (booking.Ticket, error) { return c.act(number, "finish") }

func (c *Client) act(number, action string) (booking.Ticket, error) {
	return c.ticket("/v1/tickets/"+url.PathEscape(number)+"/"+action, struct{}{})
}

// Transfer sends the ticket number to the queue of serviceID.
func (c *Client) Transfer(number, serviceID string) (booking.Ticket, error) {
	return c.ticket("/v1/tickets/"+url.PathEscape(number)+"/transfer", transferRequest{ServiceID: serviceID})
}

// Board returns "now serving" for day.
func (c *Client) Board(day string) ([]booking.Ticket, error) {
	var ws []wireTicket
	if err := c.call(http.MethodGet, "/v1/board?"+url.Values{"day": {day}}.Encode(), false, nil, &ws); err != nil {
		return nil, err
	}
	out := make([]booking.Ticket, 0, len(ws))
	for _, w := range ws {
		t, err := w.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
