package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// maxBody bounds a request body; the largest request (a ticket) is well under 2 KB.
const maxBody = 64 << 10

// maxName bounds a counter name, ticket number, service id or code in a request.
const maxName = 128

// keepAlive is how often an idle stream carries a comment, so that a client notices a dead
// desk and proxies keep the connection open.
const keepAlive = 15 * time.Second

// headerClient names a loopback client: over plain HTTP there is no certificate to name it.
const headerClient = "Site-Client"

// Server serves the site API (api/site.yaml) for a Desk.
type Server struct {
	desk *Desk
	log  *slog.Logger
	mux  *http.ServeMux

	patterns []string // every route, for the test that holds them to api/site.yaml
}

// NewServer returns the site API of desk. A nil log discards.
func NewServer(desk *Desk, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{desk: desk, log: log, mux: http.NewServeMux()}
	all := []Role{RoleSelfService, RoleCounter, RoleDisplay}
	s.route("GET /v1/services", all, s.services)
	s.route("GET /v1/services/{id}", all, s.service)
	s.route("POST /v1/check-ins", []Role{RoleSelfService}, s.checkIn)
	s.route("POST /v1/check-ins/appointment", []Role{RoleSelfService}, s.checkInAppointment)
	s.route("POST /v1/appointments/search", []Role{RoleSelfService}, s.findByBirth)
	s.route("POST /v1/walk-ins", []Role{RoleSelfService}, s.walkIn)
	s.route("GET /v1/line", []Role{RoleCounter}, s.line)
	s.route("GET /v1/counters/{counter}/ticket", []Role{RoleCounter}, s.atCounter)
	s.route("POST /v1/counters/{counter}/call-next", []Role{RoleCounter}, s.callNext)
	s.route("POST /v1/booked", []Role{RoleCounter}, s.booked)
	s.route("POST /v1/tickets/{number}/transfer", []Role{RoleCounter}, s.transfer)
	s.route("POST /v1/tickets/{number}/{action}", []Role{RoleCounter}, s.act)
	s.route("GET /v1/board", []Role{RoleDisplay, RoleCounter}, s.board)
	// Anything else is a problem too, so that a client of another version learns why.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, fmt.Errorf("%s %s: %w", r.Method, r.URL.Path, booking.ErrNotFound))
	})
	s.patterns = append(s.patterns, "GET /v1/stream")
	s.mux.HandleFunc("GET /v1/stream", func(w http.ResponseWriter, r *http.Request) {
		if id, ok := s.identify(r); !ok || !id.may(all...) {
			writeProblem(w, fmt.Errorf("stream: %w", ErrForbidden))
			return
		}
		s.stream(w, r)
	})
	return s
}

// handler is one endpoint: it answers a value to encode as JSON, or an error as a problem.
type handler func(r *http.Request, id identity) (any, error)

func (s *Server) route(pattern string, roles []Role, h handler) {
	s.patterns = append(s.patterns, pattern)
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		id, ok := s.identify(r)
		if !ok || !id.may(roles...) {
			writeProblem(w, fmt.Errorf("%s %s: %w", r.Method, r.URL.Path, ErrForbidden))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		v, err := h(r, id)
		if err != nil {
			if problemOf(err).Status >= 500 {
				s.log.Error("site request failed", "method", r.Method, "path", r.Pattern, "err", err)
			}
			writeProblem(w, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	})
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// identify names the client. A TLS connection has a verified certificate, because the
// listener requires one (Listen); a plain connection exists only on loopback, where the
// desk runs inside the kiosk's own process and every role is its own.
func (s *Server) identify(r *http.Request) (identity, bool) {
	if r.TLS != nil {
		if len(r.TLS.PeerCertificates) == 0 {
			return identity{}, false
		}
		return identityOf(r.TLS.PeerCertificates[0]), true
	}
	name := r.Header.Get(headerClient)
	if name == "" {
		name = "loopback"
	}
	return identity{name: name, roles: Roles}, true
}

// caller is the command's caller: the client, and the key it sent.
func caller(r *http.Request, id identity) (Caller, error) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || len(key) > maxName {
		return Caller{}, badInput("a command needs an Idempotency-Key of 1 to %d bytes", maxName)
	}
	return Caller{Client: id.name, Key: key}, nil
}

// decode reads a JSON body into v.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return badInput("read body: %v", err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return badInput("decode body: %v", err)
	}
	return nil
}

// name checks a name from a path or body: present and short.
func name(what, v string) error {
	if v == "" || len(v) > maxName {
		return badInput("%s of %d bytes", what, len(v))
	}
	return nil
}

func (s *Server) services(*http.Request, identity) (any, error) {
	ss, err := s.desk.Query().Services()
	out := make([]wireService, 0, len(ss))
	for _, sv := range ss {
		out = append(out, toWireService(sv))
	}
	return out, err
}

func (s *Server) service(r *http.Request, _ identity) (any, error) {
	sv, err := s.desk.Query().Service(r.PathValue("id"))
	return toWireService(sv), err
}

// visitAnswer answers a check-in; a too-late one carries the service for a walk-in.
func visitAnswer(v booking.Visit, err error) (any, error) {
	var late *booking.TooLateError
	if errors.As(err, &late) && v.Service.ID != "" {
		return nil, &lateProblem{err: late, service: v.Service}
	}
	if err != nil {
		return nil, err
	}
	return toWireVisit(v), nil
}

// lateProblem is a *booking.TooLateError with the service to offer a walk-in for.
type lateProblem struct {
	err     *booking.TooLateError
	service booking.Service
}

func (e *lateProblem) Error() string { return e.err.Error() }
func (e *lateProblem) Unwrap() error { return e.err }

func (s *Server) checkIn(r *http.Request, id identity) (any, error) {
	c, err := caller(r, id)
	if err != nil {
		return nil, err
	}
	var req checkInRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	if err := name("code", req.Code); err != nil {
		return nil, err
	}
	return visitAnswer(s.desk.CheckIn(c, req.Code))
}

func (s *Server) checkInAppointment(r *http.Request, id identity) (any, error) {
	c, err := caller(r, id)
	if err != nil {
		return nil, err
	}
	var req apptRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	if err := name("appointment id", req.AppointmentID); err != nil {
		return nil, err
	}
	return visitAnswer(s.desk.CheckInAppointment(c, req.AppointmentID))
}

func (s *Server) findByBirth(r *http.Request, _ identity) (any, error) {
	var req findRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	birth, err := parseDate(req.BirthDate)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", booking.ErrInvalidBirthDate, err)
	}
	if len(req.FirstName) > maxName {
		return nil, badInput("first name of %d bytes", len(req.FirstName))
	}
	a, err := s.desk.Query().FindByBirth(birth, req.FirstName)
	if err != nil {
		return nil, err
	}
	return toWireAppointment(a), nil
}

func (s *Server) walkIn(r *http.Request, id identity) (any, error) {
	c, err := caller(r, id)
	if err != nil {
		return nil, err
	}
	var req walkInRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	if err := name("service id", req.ServiceID); err != nil {
		return nil, err
	}
	return visitAnswer(s.desk.WalkIn(c, req.ServiceID))
}

func (s *Server) line(r *http.Request, _ identity) (any, error) {
	ps, err := s.desk.Query().Line(r.URL.Query()["service"])
	out := make([]wirePlace, 0, len(ps))
	for _, p := range ps {
		out = append(out, wirePlace{Ticket: toWireTicket(p.Ticket), WaitSec: int64(p.Wait / time.Second)})
	}
	return out, err
}

func (s *Server) atCounter(r *http.Request, _ identity) (any, error) {
	t, found, err := s.desk.Query().AtCounter(r.PathValue("counter"))
	if err != nil || !found {
		return atCounterAnswer{}, err
	}
	w := toWireTicket(t)
	return atCounterAnswer{Ticket: &w}, nil
}

func (s *Server) booked(r *http.Request, _ identity) (any, error) {
	var req bookedRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	t, err := req.Ticket.domain()
	if err != nil {
		return nil, err
	}
	c, found, err := s.desk.Query().Booked(t)
	if err != nil || !found {
		return bookedAnswer{}, err
	}
	w := toWireCitizen(c)
	return bookedAnswer{Citizen: &w}, nil
}

func (s *Server) callNext(r *http.Request, id identity) (any, error) {
	c, err := caller(r, id)
	if err != nil {
		return nil, err
	}
	var req callNextRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	counter := r.PathValue("counter")
	if err := name("counter", counter); err != nil {
		return nil, err
	}
	t, err := s.desk.CallNext(c, counter, req.Services)
	return toWireTicket(t), err
}

func (s *Server) act(r *http.Request, id identity) (any, error) {
	c, err := caller(r, id)
	if err != nil {
		return nil, err
	}
	number := r.PathValue("number")
	if err := name("ticket number", number); err != nil {
		return nil, err
	}
	t, err := s.desk.Act(c, r.PathValue("action"), number)
	return toWireTicket(t), err
}

func (s *Server) transfer(r *http.Request, id identity) (any, error) {
	c, err := caller(r, id)
	if err != nil {
		return nil, err
	}
	var req transferRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	number := r.PathValue("number")
	if err := name("ticket number", number); err != nil {
		return nil, err
	}
	t, err := s.desk.Transfer(c, number, req.ServiceID)
	return toWireTicket(t), err
}

func (s *Server) board(r *http.Request, _ identity) (any, error) {
	day := r.URL.Query().Get("day")
	if day == "" {
		day = booking.DayOf(s.desk.clock.Now())
	}
	ts, err := s.desk.Query().Board(day)
	out := make([]wireTicket, 0, len(ts))
	for _, t := range ts {
		out = append(out, toWireTicket(t))
	}
	return out, err
}

// stream sends changes as server-sent events until the client goes. It starts with a
// "reset" event (read the whole state, then follow from its id) unless Last-Event-ID
// names a change the desk still holds, in which case it sends the changes since.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	last, _ := strconv.ParseUint(r.Header.Get("Last-Event-ID"), 10, 64)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		cs, complete, newest, next := s.desk.Changes(last)
		var err error
		if !complete {
			err = writeSSE(w, strconv.FormatUint(newest, 10), "reset", "{}")
			last = newest
		}
		for _, c := range cs {
			if err != nil {
				break
			}
			data, _ := json.Marshal(wireChange{Action: c.Action, Ticket: toWireTicket(c.Ticket)})
			err = writeSSE(w, strconv.FormatUint(c.ID, 10), "change", string(data))
			last = c.ID
		}
		if err == nil {
			err = http.NewResponseController(w).Flush()
		}
		if err != nil {
			return // the client has gone
		}
		select {
		case <-r.Context().Done():
			return
		case <-next:
		case <-tick.C:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
		}
	}
}
