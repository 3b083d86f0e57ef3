package server

import (
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/internal/seal"
)

// DefaultSite is the site Seed and SeedDemo write to when Options.Site is empty.
const DefaultSite = "demo"

// CodeValidity is how long an activation code may be used (FIELD-NOTES: 48 hours).
const CodeValidity = 48 * time.Hour

// Options configure New. The zero Options are usable.
type Options struct {
	// Site is the site Seed and SeedDemo write to; default DefaultSite. Other sites can be
	// seeded with SeedSite.
	Site string
	// Clock stamps applied events and activation codes; default booking.SystemClock.
	Clock booking.Clock
	// Logger receives one line per request (method, path, status, duration; never a body)
	// and the server's own events; nil logs nothing.
	Logger *slog.Logger
	// Timeout bounds the wait for the database file's lock; zero means 2 s.
	Timeout time.Duration
	// Rand is the source of activation codes; default crypto/rand. Tests may fix it.
	Rand io.Reader
	// KeyFile holds the key that seals personal data in the database (internal/seal); default
	// the database's path with ".key" appended, required for PostgreSQL (every replica
	// reads a copy of the same file). It is made (mode 0600) only while nothing
	// is sealed; back it up with the database, which cannot be read without it.
	KeyFile string
	// CodesPerKioskHour and CodesPerStaffHour limit new activation codes per kiosk and per
	// member of staff (staff id within the certificate's site) in any hour; beyond them the
	// server answers 429 with Retry-After. Zero means the defaults below.
	CodesPerKioskHour int
	CodesPerStaffHour int
	// Retention is how long applied events and days of appointments are kept (Purge,
	// RunRetention); events that happened before it are rejected. Zero keeps everything.
	Retention time.Duration
}

// Default limits of new activation codes. A counter serves a citizen in about ten minutes
// and only some need a code, so a few an hour is normal; the limits leave ten times that
// and stop a stolen certificate from printing codes by the thousand.
const (
	DefaultCodesPerKioskHour = 60
	DefaultCodesPerStaffHour = 30
)

// Server serves the central API from its store: one bbolt file, or a PostgreSQL database
// that other Servers (replicas) share. It is safe for concurrent use.
type Server struct {
	store store
	seal  *seal.Sealer
	path  string
	site  string
	clock booking.Clock
	log   *slog.Logger
	rand  io.Reader

	retention time.Duration

	mu         sync.Mutex
	heartbeats map[string]Beat   // kiosk id → last heartbeat
	kioskSites map[string]string // kiosk id → site, a cache of bucketKiosks

	issueMu           sync.Mutex // serialises activation codes in this process
	codesPerKioskHour int
	codesPerStaffHour int
}

// Beat is the last heartbeat a kiosk sent and when it arrived.
type Beat struct {
	api.Heartbeat
	At time.Time
}

// New opens (creating if needed) the server's database at path: a bbolt file, or a
// postgres:// URL, whose schema it migrates first (see Migrate).
func New(path string, opts Options) (*Server, error) {
	if opts.Site == "" {
		opts.Site = DefaultSite
	}
	if opts.Clock == nil {
		opts.Clock = booking.SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * time.Second
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	if opts.KeyFile == "" && !isPostgresURL(path) {
		opts.KeyFile = path + ".key"
	}
	if opts.CodesPerKioskHour <= 0 {
		opts.CodesPerKioskHour = DefaultCodesPerKioskHour
	}
	if opts.CodesPerStaffHour <= 0 {
		opts.CodesPerStaffHour = DefaultCodesPerStaffHour
	}
	st, sealer, err := openStore(path, opts)
	if err != nil {
		return nil, fmt.Errorf("server: open %s: %w", redactURL(path), err)
	}
	return &Server{
		store: st, seal: sealer, path: path, site: opts.Site, clock: opts.Clock, log: opts.Logger, rand: opts.Rand,
		heartbeats: map[string]Beat{}, kioskSites: map[string]string{}, retention: opts.Retention,
		codesPerKioskHour: opts.CodesPerKioskHour, codesPerStaffHour: opts.CodesPerStaffHour,
	}, nil
}

// Close closes the database file. Requests still running fail.
func (s *Server) Close() error {
	if err := s.store.close(); err != nil {
		return fmt.Errorf("server: close %s: %w", redactURL(s.path), err)
	}
	return nil
}

// Handler returns the API mounted under api.BasePath ("/v1/events" and so on). Every
// answer but a 2xx or 304 is application/problem+json, unknown paths and wrong methods
// included.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	route := func(method, path string, h http.HandlerFunc) {
		mux.HandleFunc(api.BasePath+path, func(w http.ResponseWriter, r *http.Request) {
			if r.Method != method {
				w.Header().Set("Allow", method)
				writeProblem(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here")
				return
			}
			h(w, r)
		})
	}
	route(http.MethodGet, api.PathServices, s.listServices)
	route(http.MethodGet, api.PathAppointments, s.listAppointments)
	route(http.MethodGet, api.PathTickets, s.listTickets)
	route(http.MethodPost, api.PathEvents, s.pushEvents)
	route(http.MethodPost, api.PathActivationCodes, s.issueActivationCode)
	route(http.MethodPost, api.PathHeartbeat, s.heartbeat)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, "no such resource")
	})
	return s.logRequests(recoverPanics(s.log, mux))
}

// LastHeartbeat returns the last heartbeat kioskID sent since the server started.
func (s *Server) LastHeartbeat(kioskID string) (Beat, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.heartbeats[kioskID]
	return b, ok
}

// statusRecorder remembers the status a handler wrote, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// logRequests logs method, path, status and duration. The path holds site and kiosk ids
// only; the query (a day) and bodies (citizens, codes) are never logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration", time.Since(start))
	})
}

// recoverPanics turns a panic in a handler into a 500 problem instead of a dropped
// connection; bad input must never take the server down.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("handler panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				writeProblem(w, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
