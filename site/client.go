package site

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// ClientOptions configure a Client.
type ClientOptions struct {
	// URL is the desk: "https://desk.local:8443", or "http://127.0.0.1:PORT" for a desk in
	// this machine's own process (plain HTTP is refused for any other host).
	URL string
	// CA, Cert and Key are PEM files of the site CA, this machine's certificate and its key
	// (WritePKI). Required with https.
	CA, Cert, Key string
	// Name identifies a loopback client to the desk, whose idempotency keys are kept per
	// client; over TLS the certificate's CN does. "loopback" if empty.
	Name string
	// Attempt bounds one attempt of one request; 5 s if zero.
	Attempt time.Duration
	// Attempts is how often a request is tried before ErrDeskUnreachable; 3 if zero.
	Attempts int
}

// Client reaches the desk. It satisfies kiosk.Desk, kiosk.CounterDesk and kiosk.BoardDesk,
// holds one resty client (one pool of connections) for its life, and is safe for
// concurrent use.
type Client struct {
	rc        *resty.Client
	transport http.RoundTripper // shared with the stream, which needs no per-attempt timeout
	base      string
}

// NewClient checks the options and makes the client. Errors wrap ErrConfig.
func NewClient(o ClientOptions) (*Client, error) {
	if o.Attempt <= 0 {
		o.Attempt = 5 * time.Second
	}
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	u, err := url.Parse(o.URL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%w: desk URL %q", ErrConfig, o.URL)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil // the desk is on the LAN; a proxy would see every command
	t.MaxIdleConnsPerHost = 16
	switch u.Scheme {
	case "https":
		cfg, err := clientTLS(o.CA, o.Cert, o.Key)
		if err != nil {
			return nil, err
		}
		t.TLSClientConfig = cfg
	case "http":
		if !loopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("%w: plain HTTP to %s, which is not loopback", ErrConfig, u.Hostname())
		}
	default:
		return nil, fmt.Errorf("%w: desk URL scheme %q", ErrConfig, u.Scheme)
	}
	name := o.Name
	if name == "" {
		name = "loopback"
	}
	c := &Client{transport: t, base: u.String()}
	c.rc = resty.NewWithClient(&http.Client{Transport: t}).
		SetBaseURL(c.base).
		SetLogger(quietLogger{}).
		SetTimeout(o.Attempt). // per attempt (FIELD-NOTES)
		SetHeader("Accept", "application/json, "+problemContentType).
		SetHeader(headerClient, name).
		SetRetryCount(o.Attempts - 1).
		SetRetryWaitTime(50 * time.Millisecond).
		SetRetryMaxWaitTime(time.Second).
		AddRetryCondition(func(resp *resty.Response, err error) bool {
			// Every command carries its key, so a retry is safe: the desk answers it once.
			return err != nil || resp.StatusCode() >= 500
		})
	return c, nil
}

// Close frees the client's idle connections. The client stays usable.
func (c *Client) Close() { c.rc.GetClient().CloseIdleConnections() }

func clientTLS(ca, cert, key string) (*tls.Config, error) {
	if ca == "" || cert == "" || key == "" {
		return nil, fmt.Errorf("%w: https to the desk needs the site CA, a certificate and its key", ErrConfig)
	}
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		return nil, fmt.Errorf("%w: certificate: %w", ErrConfig, err)
	}
	pool, err := loadPool(ca)
	if err != nil {
		return nil, err
	}
	return &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{pair}, RootCAs: pool}, nil
}

func loadPool(ca string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(ca)
	if err != nil {
		return nil, fmt.Errorf("%w: site CA: %w", ErrConfig, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%w: site CA %s holds no PEM certificate", ErrConfig, ca)
	}
	return pool, nil
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// newKey makes an idempotency key: 128 random bits, unique without coordination.
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}

// call sends one request, its retries included, and decodes a 2xx answer into out. A
// command gets its idempotency key here, on the request, so every retry carries the same.
func (c *Client) call(method, path string, command bool, body, out any) error {
	req := c.rc.R().SetContext(context.Background())
	if command {
		req.SetHeader("Idempotency-Key", newKey())
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("site: encode %s: %w", path, err)
		}
		// []byte, not a reader: a reader would be empty on the retry (FIELD-NOTES).
		req.SetHeader("Content-Type", "application/json").SetBody(b)
	}
	resp, err := req.Execute(method, path)
	if err != nil {
		return fmt.Errorf("site: %s %s: %w: %w", method, path, ErrDeskUnreachable, err)
	}
	if resp.StatusCode() >= 300 {
		return answerError(resp.StatusCode(), resp.Body())
	}
	if err := json.Unmarshal(resp.Body(), out); err != nil {
		return fmt.Errorf("site: %s %s: %w: %w", method, path, ErrProtocol, err)
	}
	return nil
}

// answerError is the error of a non-2xx answer; a too-late check-in keeps its service.
func answerError(status int, body []byte) error {
	err := errorOf(status, body)
	var late *booking.TooLateError
	if errors.As(err, &late) {
		var p problem
		if json.Unmarshal(body, &p) == nil && p.Service != nil {
			return &lateProblem{err: late, service: p.Service.domain()}
		}
	}
	return err
}

// lateVisit returns, for a too-late check-in, the visit with the service to offer.
func lateVisit(err error) booking.Visit {
	var lp *lateProblem
	if errors.As(err, &lp) {
		return booking.Visit{Service: lp.service}
	}
	return booking.Visit{}
}

// quietLogger sends resty's messages (a failed attempt's method, URL and transport error;
// never a body) to slog at debug level: a desk restarting is not worth a warning per try,
// and the caller sees ErrDeskUnreachable when it matters.
type quietLogger struct{}

func (quietLogger) Errorf(format string, v ...any) {
	slog.Debug("site client: " + fmt.Sprintf(format, v...))
}
func (quietLogger) Warnf(format string, v ...any) {
	slog.Debug("site client: " + fmt.Sprintf(format, v...))
}
func (quietLogger) Debugf(format string, v ...any) {
	slog.Debug("site client: " + fmt.Sprintf(format, v...))
}
