package central

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// Defaults of Options.
const (
	DefaultAttemptTimeout  = 10 * time.Second
	DefaultDownloadTimeout = 2 * time.Minute
	DefaultMaxAttempts     = 5
	DefaultMinBackoff      = 200 * time.Millisecond
	DefaultMaxBackoff      = 30 * time.Second
)

// Options configure NewClient. URL, Site and KioskID are required; the rest have defaults.
type Options struct {
	// URL is the API's base URL, e.g. https://central.borgerservice.example/v1. A URL without
	// a path gets api.BasePath. It must be https://, or http:// to a loopback host.
	URL     string
	Site    string // the site whose services and appointments the kiosk pulls
	KioskID string // this kiosk's id: the CN of its certificate, the prefix of its keys

	// Mutual TLS, PEM files: the kiosk's certificate and key, the CA that signs the server
	// (empty: the system's roots), and optionally the server's pinned public key as base64 of
	// the SHA-256 of its SubjectPublicKeyInfo (the form of HPKP and curl's --pinnedpubkey).
	ClientCert, ClientKey, CA, PinnedKey string

	// AttemptTimeout bounds one attempt: connecting, sending, and reading the whole answer.
	// The whole call, retries and waits included, is bounded by the caller's context.
	AttemptTimeout time.Duration
	// DownloadTimeout replaces AttemptTimeout for a day's appointments, which can be tens
	// of megabytes: 30 MB take 25 s at 10 Mbit/s.
	DownloadTimeout time.Duration
	// MaxAttempts is how often a call is tried before it fails with ErrUnavailable.
	MaxAttempts int
	// MinBackoff and MaxBackoff bound the wait between attempts: full jitter over an
	// exponentially growing ceiling, or the server's Retry-After, clamped to MaxBackoff.
	MinBackoff, MaxBackoff time.Duration

	// Transport replaces the client's own HTTP transport (tests inject faults with it). An
	// *http.Transport gets the TLS settings above on a clone; any other RoundTripper is used
	// as it is, and then the TLS options must be empty.
	Transport http.RoundTripper
}

func (o *Options) setDefaults() {
	if o.AttemptTimeout <= 0 {
		o.AttemptTimeout = DefaultAttemptTimeout
	}
	if o.DownloadTimeout <= 0 {
		o.DownloadTimeout = max(DefaultDownloadTimeout, o.AttemptTimeout)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = DefaultMinBackoff
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
}

// CheckURL parses a central URL and refuses one that would send data in clear over a
// network: the scheme must be https, or http with a loopback host (localhost, 127.0.0.0/8,
// ::1). It returns the base URL to use, with api.BasePath added if the URL has no path.
// The command line calls it to tell a usage error from a failure.
func CheckURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: URL %q is not an absolute http(s) URL", ErrConfig, raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !loopbackHost(u.Hostname()) {
			return "", fmt.Errorf("%w: %s is http:// to %s, which is not loopback; use https://", ErrInsecureURL, u.Redacted(), u.Hostname())
		}
	default:
		return "", fmt.Errorf("%w: URL scheme %q is not https", ErrInsecureURL, u.Scheme)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%w: URL %s has user info, a query or a fragment", ErrConfig, u.Redacted())
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = api.BasePath
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u.String(), nil
}

// loopbackHost reports whether host names this machine without a network: "localhost" or
// a loopback address. Other names are not resolved, since DNS could answer anything.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
