package server

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/internal/demo"
	"github.com/citizenkiosk/citizenkiosk/internal/seal"
)

// Buckets. Keys are sites, days, idempotency keys and sequence numbers, never personal data.
// The appointment bodies hold citizens' names and birth dates, as the central system must
// to serve them, so they are sealed (internal/seal, bound to bucket and key).
var (
	bucketMeta     = []byte("meta")     // "schema" → uint64, "key-check" → seal.Sealer.Check
	bucketServices = []byte("services") // site → ServiceList JSON, served as stored
	bucketDays     = []byte("days")     // site ‖ 0 ‖ day → sealed AppointmentList JSON
	bucketApplied  = []byte("applied")  // idempotency key → appliedRecord (binary; JSON in older files)
	bucketEvents   = []byte("events")   // log seq (uint64 BE) → api.Event JSON, in apply order
)

var metaSchema = []byte("schema")

// schemaVersion 2 seals each day's appointments (names and birth dates) at rest; version 1
// kept them in clear and is sealed on opening.
const schemaVersion = 2

// prepare brings the file to schemaVersion in one transaction: it creates the buckets,
// seals a version-1 file's days and records the key check. It reports whether it sealed
// values that were in clear before.
func prepare(tx *bolt.Tx, st fileState, s *seal.Sealer) (sealed bool, err error) {
	if st.version > schemaVersion {
		return false, ErrSchemaTooNew
	}
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return false, fmt.Errorf("create meta bucket: %w", err)
	}
	for _, name := range [][]byte{bucketServices, bucketDays, bucketApplied, bucketEvents, bucketKiosks, bucketActivations, bucketActivationExpiry,
		bucketAuditChain, bucketAuditHeads, bucketAuditBreaks} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return false, fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	if st.version == 1 {
		if sealed, err = sealDays(tx, s); err != nil {
			return false, err
		}
	}
	if err := meta.Put(metaKeyCheck, s.Check()); err != nil {
		return false, fmt.Errorf("put key check: %w", err)
	}
	return sealed, meta.Put(metaSchema, binary.BigEndian.AppendUint64(nil, schemaVersion))
}

func dayKey(site, day string) []byte {
	return append(append([]byte(site), 0), day...)
}

// Seed replaces the services of the server's site and its appointments on day.
func (s *Server) Seed(day string, services []booking.Service, appts []booking.Appointment) error {
	return s.SeedSite(s.site, day, services, appts)
}

// SeedSite replaces a site's services and its appointments on day, in one transaction.
// The data is validated as a kiosk would validate it; errors wrap ErrInvalidSeed.
// Appointments are served with the UTC offset their Start carries.
func (s *Server) SeedSite(site, day string, services []booking.Service, appts []booking.Appointment) error {
	sl := api.ServiceList{Services: make([]api.Service, 0, len(services))}
	for _, sv := range services {
		sl.Services = append(sl.Services, api.FromService(sv))
	}
	al := api.AppointmentList{Day: day, Appointments: make([]api.Appointment, 0, len(appts))}
	for _, a := range appts {
		al.Appointments = append(al.Appointments, api.FromAppointment(a))
	}
	if site == "" {
		return fmt.Errorf("seed: empty site: %w", ErrInvalidSeed)
	}
	if err := sl.Validate(); err != nil {
		return fmt.Errorf("seed %s: %w: %w", site, ErrInvalidSeed, err)
	}
	if err := al.Validate(); err != nil {
		return fmt.Errorf("seed %s %s: %w: %w", site, day, ErrInvalidSeed, err)
	}
	sb, err := json.Marshal(sl)
	if err != nil {
		return fmt.Errorf("seed: encode services: %w", err)
	}
	ab, err := json.Marshal(al)
	if err != nil {
		return fmt.Errorf("seed: encode appointments: %w", err)
	}
	sealed := s.seal.Seal(sealAD(bucketDays, dayKey(site, day)), ab)
	if err := s.store.putCatalog(context.Background(), site, day, sb, sealed); err != nil {
		return fmt.Errorf("seed %s %s: %w", site, day, err)
	}
	s.log.Info("seeded", "site", site, "day", day, "services", len(services), "appointments", len(appts))
	return nil
}

// SeedDemo seeds the demo day of internal/demo around now into the server's site, one
// call of Seed per calendar day the appointments fall on (late in the evening the span
// crosses midnight). Appointments are served in now's location.
func (s *Server) SeedDemo(now time.Time) (demo.Hints, error) {
	hints, err := demo.Install(daySeeder{s}, now)
	if err != nil {
		return hints, fmt.Errorf("seed demo: %w", err)
	}
	return hints, nil
}

// daySeeder lets demo.Install write a day into the server through Seed.
type daySeeder struct{ s *Server }

func (d daySeeder) ReplaceDay(day string, services []booking.Service, appts []booking.Appointment) error {
	return d.s.Seed(day, services, appts)
}

func (s *Server) listServices(w http.ResponseWriter, r *http.Request) {
	site := r.PathValue("site")
	if err := s.checkSite(r, site); err != nil {
		writeError(w, err)
		return
	}
	body, err := s.store.services(r.Context(), site)
	if err != nil {
		writeError(w, fmt.Errorf("read services of %s: %w", site, err))
		return
	}
	if body == nil {
		writeProblem(w, http.StatusNotFound, "no such site")
		return
	}
	serveBody(w, r, body)
}

// siteDay takes the site from the path and the day from ?day= of a per-site, per-day read,
// checks that the caller may read that site and that the day is a date, and answers the
// refusal itself when not (ok false).
func (s *Server) siteDay(w http.ResponseWriter, r *http.Request) (site, day string, ok bool) {
	site, day = r.PathValue("site"), r.URL.Query().Get("day")
	if err := s.checkSite(r, site); err != nil {
		writeError(w, err)
		return "", "", false
	}
	if _, err := api.ParseDay(day); err != nil {
		writeProblem(w, http.StatusBadRequest, "the query parameter day must be YYYY-MM-DD")
		return "", "", false
	}
	return site, day, true
}

func (s *Server) listAppointments(w http.ResponseWriter, r *http.Request) {
	site, day, ok := s.siteDay(w, r)
	if !ok {
		return
	}
	sealed, known, err := s.store.day(r.Context(), site, day)
	if err != nil {
		writeError(w, fmt.Errorf("read day %s of %s: %w", day, site, err))
		return
	}
	if !known {
		writeProblem(w, http.StatusNotFound, "no such site")
		return
	}
	var body []byte
	if sealed != nil {
		if body, err = s.seal.Open(sealAD(bucketDays, dayKey(site, day)), sealed); err != nil {
			writeError(w, fmt.Errorf("open day %s of %s: %w", day, site, err))
			return
		}
	}
	if body == nil {
		// A known site with nothing booked that day: an empty list, with its own stable ETag.
		body, _ = json.Marshal(api.AppointmentList{Day: day, Appointments: []api.Appointment{}})
	}
	serveBody(w, r, body)
}
