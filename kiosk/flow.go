package kiosk

import (
	"context"
	"errors"
	"log/slog"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// The steps a citizen takes. Each runs on the UI goroutine; calls to the desk run off it
// through do.

func (s *SelfService) startAppointment() {
	s.code.clear()
	s.show(s.code)
}

func (s *SelfService) startBirthDate() {
	s.session.birth = booking.Date{}
	s.birth.clear()
	s.name.clear()
	s.show(s.birth)
}

func (s *SelfService) startWalkIn() {
	s.do(func() func() {
		services, err := s.opt.Desk.Services()
		return func() {
			if err != nil {
				s.refuse(err, booking.Service{})
				return
			}
			s.walkIn.setServices(services)
			s.show(s.walkIn)
		}
	})
}

// home goes back to the welcome screen and forgets the citizen, but keeps their language.
func (s *SelfService) home() {
	s.forget()
	s.show(s.welcome)
}

// forget clears everything personal from every screen.
func (s *SelfService) forget() {
	s.worker.reset()
	s.session = session{}
	s.scan = s.scan[:0]
	for _, sc := range s.screens() {
		sc.clear()
	}
}

// checkIn checks in with a booking code, typed or scanned.
func (s *SelfService) checkIn(code string) {
	s.do(func() func() {
		v, err := s.opt.Desk.CheckIn(code)
		svc := s.missedService(v, err)
		return func() { s.outcome(v, err, svc) }
	})
}

// findByBirth looks up today's appointment of the citizen born on ddmmyy.
func (s *SelfService) findByBirth(ddmmyy string) {
	birth, err := booking.ParseBirthDate(ddmmyy, s.opt.Clock.Now())
	if err != nil {
		slog.Info("kiosk: birth date refused", "reason", reason(err))
		s.birth.invalid()
		return
	}
	s.session.birth = birth
	s.lookUp(birth, "")
}

// lookUp finds the appointment by birth date and, if given, first name, and checks in.
func (s *SelfService) lookUp(birth booking.Date, first string) {
	s.do(func() func() {
		a, err := s.opt.Desk.FindByBirth(birth, first)
		if errors.Is(err, booking.ErrNeedFirstName) && first == "" {
			return func() {
				s.name.clear()
				s.show(s.name)
			}
		}
		if err != nil {
			return func() { s.refuse(err, booking.Service{}) }
		}
		v, err := s.opt.Desk.CheckInAppointment(a)
		if v.Appointment.ID == "" {
			v.Appointment = a
		}
		svc := s.missedService(v, err)
		return func() { s.outcome(v, err, svc) }
	})
}

// takeWalkIn issues a ticket without appointment.
func (s *SelfService) takeWalkIn(serviceID string) {
	s.do(func() func() {
		v, err := s.opt.Desk.WalkIn(serviceID)
		return func() { s.outcome(v, err, booking.Service{}) }
	})
}

// missedService is the service of an appointment the citizen came too late for, to offer
// a walk-in ticket for it; the zero Service if that is not the case or not known.
// It runs off the UI goroutine.
func (s *SelfService) missedService(v booking.Visit, err error) booking.Service {
	var late *booking.TooLateError
	if !errors.As(err, &late) {
		return booking.Service{}
	}
	if v.Service.ID != "" {
		return v.Service
	}
	if v.Appointment.ServiceID == "" {
		return booking.Service{}
	}
	svc, err := s.opt.Desk.Service(v.Appointment.ServiceID)
	if err != nil {
		slog.Warn("kiosk: service of a missed appointment", "err", err)
		return booking.Service{}
	}
	return svc
}

// outcome shows the ticket of a visit, or why there is none.
func (s *SelfService) outcome(v booking.Visit, err error, missed booking.Service) {
	if err != nil {
		s.refuse(err, missed)
		return
	}
	issued := v.Ticket.IssuedAt
	if issued.IsZero() {
		issued = s.opt.Clock.Now()
	}
	slip := ticketSlip(v, s.lang, issued)
	preview := previewOf(s.opt.Demo, slip)
	s.ticket.set(v, preview)
	if s.opt.Printer == nil {
		s.ticket.noPrinter()
		s.showFor(s.ticket, s.opt.TicketTimeout)
		return
	}
	// The ticket stays while it prints, and TicketTimeout after.
	s.showFor(s.ticket, s.opt.PrintTimeout+s.opt.TicketTimeout)
	s.spawn(func() func() {
		ctx, cancel := context.WithTimeout(context.Background(), s.opt.PrintTimeout)
		defer cancel()
		job, err := s.spool.Print(ctx, "ticket "+v.Ticket.Number, slip)
		if err != nil {
			slog.Error("kiosk: print ticket", "err", err)
		}
		return func() {
			s.ticket.printed(job, err)
			if err != nil {
				// No paper: give the citizen time to note the number.
				s.idle.arm(s.opt.IdleTimeout, s.expire)
			} else {
				s.idle.arm(s.opt.TicketTimeout, s.expire)
			}
		}
	})
}
