package api

import (
	"net/url"
)

// BasePath is where the reference server mounts the API, matching the version segment of
// the contract's server URL. A client's base URL ends with it.
const BasePath = "/v1"

// Path patterns in net/http.ServeMux syntax, relative to the base URL.
const (
	PathServices        = "/sites/{site}/services"
	PathAppointments    = "/sites/{site}/appointments" // query: day=YYYY-MM-DD
	PathTickets         = "/sites/{site}/tickets"      // query: day=YYYY-MM-DD
	PathEvents          = "/events"
	PathActivationCodes = "/activation-codes"
	PathHeartbeat       = "/kiosks/{kioskId}/heartbeat"
)

// Headers and media types the contract names.
const (
	HeaderIdempotencyKey = "Idempotency-Key"
	HeaderETag           = "ETag"
	HeaderIfNoneMatch    = "If-None-Match"
	HeaderRetryAfter     = "Retry-After" // with 429: seconds to wait
	ContentTypeJSON      = "application/json"
	ContentTypeProblem   = "application/problem+json" // RFC 9457
)

// Limits of a push; the server answers 413 beyond them.
const (
	MaxBatchEvents = 500     // events in one POST /events
	MaxBodyBytes   = 1 << 20 // bytes of any request body
)

// ServicesPath returns the path of a site's services.
func ServicesPath(site string) string {
	return "/sites/" + url.PathEscape(site) + "/services"
}

// AppointmentsPath returns the path and query of a site's appointments on day ("2006-01-02").
func AppointmentsPath(site, day string) string {
	return "/sites/" + url.PathEscape(site) + "/appointments?day=" + url.QueryEscape(day)
}

// TicketsPath returns the path and query of a site's tickets on day ("2006-01-02").
func TicketsPath(site, day string) string {
	return "/sites/" + url.PathEscape(site) + "/tickets?day=" + url.QueryEscape(day)
}

// HeartbeatPath returns the path of a kiosk's heartbeat.
func HeartbeatPath(kioskID string) string {
	return "/kiosks/" + url.PathEscape(kioskID) + "/heartbeat"
}
