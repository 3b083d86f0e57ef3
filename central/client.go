package central

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// Client calls the central API for one kiosk. It holds one resty client, and so one pool of
// connections, for its whole life; it is safe for concurrent use.
type Client struct {
	rc      *resty.Client
	site    string
	kioskID string
	opt     Options
	// appointmentsLimit bounds a day's appointments, maxAppointmentsBody; tests lower it.
	appointmentsLimit int64
}

// NewClient checks the options and makes the client. It fails with ErrInsecureURL for a URL
// that would send data in clear over a network, and with ErrConfig for anything else it
// cannot use (missing ids, unreadable PEM files, a malformed pin).
func NewClient(opt Options) (*Client, error) {
	opt.setDefaults()
	base, err := CheckURL(opt.URL)
	if err != nil {
		return nil, err
	}
	if opt.Site == "" {
		return nil, fmt.Errorf("%w: no site", ErrConfig)
	}
	if !api.ValidKioskID(opt.KioskID) {
		return nil, fmt.Errorf("%w: kiosk id is empty, too long or has a character outside [A-Za-z0-9._-]", ErrConfig)
	}
	tcfg, err := tlsConfig(opt)
	if err != nil {
		return nil, err
	}
	transport, err := makeTransport(opt.Transport, tcfg)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{
		// Each attempt, resty's retries included, passes the transport; the deadline it sets
		// runs until the body is read or closed. (http.Client.Timeout would do the same but
		// could not be longer for the day's appointments.)
		Transport: timeoutTransport{base: transport, timeout: opt.AttemptTimeout},
		// A redirect would resend the body elsewhere and the contract has none: the 3xx
		// itself comes back, and call reports it as a malformed answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	c := &Client{site: opt.Site, kioskID: opt.KioskID, opt: opt, appointmentsLimit: maxAppointmentsBody}
	c.rc = resty.NewWithClient(hc).
		SetBaseURL(base).
		SetLogger(slogLogger{}).
		SetHeader("Accept", api.ContentTypeJSON+", "+api.ContentTypeProblem).
		SetHeader("User-Agent", "citizenkiosk").
		SetRetryCount(opt.MaxAttempts - 1).
		SetRetryWaitTime(opt.MinBackoff).
		SetRetryMaxWaitTime(opt.MaxBackoff).
		// The only condition: a status-only condition would stop resty from retrying
		// transport errors (FIELD-NOTES), so this one decides both.
		AddRetryCondition(shouldRetry).
		// Without SetRetryAfter resty ignores Retry-After; this also gives full jitter.
		SetRetryAfter(c.retryAfter).
		AddRetryHook(closeRetried)
	return c, nil
}

// Close closes the client's idle connections. The client stays usable.
func (c *Client) Close() { c.rc.GetClient().CloseIdleConnections() }

// makeTransport returns the transport with the TLS configuration set. Setting it once on
// our own transport avoids resty's SetTLSClientConfig, which replaces earlier settings.
func makeTransport(custom http.RoundTripper, tcfg *tls.Config) (http.RoundTripper, error) {
	var t *http.Transport
	switch ct := custom.(type) {
	case nil:
		t = http.DefaultTransport.(*http.Transport).Clone() // HTTPS_PROXY is honoured
	case *http.Transport:
		t = ct.Clone()
	default:
		if tcfg != nil {
			return nil, fmt.Errorf("%w: TLS options need the client's own transport or an *http.Transport", ErrConfig)
		}
		return custom, nil
	}
	if tcfg != nil {
		t.TLSClientConfig = tcfg
	}
	t.MaxIdleConnsPerHost = 4
	return t, nil
}

// retryableStatus is true for the answers worth trying again: 408, 429 and 5xx.
func retryableStatus(code int) bool {
	return code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500
}

// shouldRetry is the retry condition: a transport error (the request may not have arrived,
// or its answer was lost) or a temporary status. Not an oversized answer, not a server
// whose certificate or key is wrong: sending again gives the same result.
func shouldRetry(resp *resty.Response, err error) bool {
	if err != nil {
		return !permanent(err)
	}
	return resp != nil && resp.RawResponse != nil && retryableStatus(resp.StatusCode())
}

func permanent(err error) bool {
	var unknownCA x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var verify *tls.CertificateVerificationError
	return errors.Is(err, resty.ErrResponseBodyTooLarge) || errors.Is(err, ErrPinMismatch) ||
		errors.As(err, &unknownCA) || errors.As(err, &invalid) || errors.As(err, &hostname) ||
		errors.As(err, &verify)
}

// retryAfter is the wait before the next attempt: the server's Retry-After if it sent one,
// else full jitter (a uniform wait up to a ceiling that doubles each attempt, AWS
// architecture blog "Exponential Backoff And Jitter"), so that kiosks coming back online
// together do not all retry at the same moment. resty clamps the result to
// [MinBackoff, MaxBackoff].
func (c *Client) retryAfter(_ *resty.Client, resp *resty.Response) (time.Duration, error) {
	attempt := 1
	if resp != nil {
		if resp.RawResponse != nil {
			if d, ok := parseRetryAfter(resp.Header().Get("Retry-After"), time.Now()); ok {
				return max(d, time.Nanosecond), nil // zero would mean "use resty's own backoff"
			}
		}
		if resp.Request != nil {
			attempt = resp.Request.Attempt
		}
	}
	return fullJitter(c.opt.MinBackoff, c.opt.MaxBackoff, attempt), nil
}

// fullJitter returns a random wait in (0, min(max, base·2^(attempt-1))].
func fullJitter(base, ceiling time.Duration, attempt int) time.Duration {
	limit := ceiling
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 32 && base<<(attempt-1) > 0 && base<<(attempt-1) < ceiling {
		limit = base << (attempt - 1)
	}
	return time.Duration(rand.Int64N(int64(limit))) + 1
}

// parseRetryAfter reads RFC 9110 §10.2.3 Retry-After: delay-seconds or an HTTP-date.
// A date in the past means "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// slogLogger sends resty's own messages to slog at debug level. They name the method, URL
// and transport error of a failed attempt; bodies are never logged (resty's debug mode,
// which would print them, stays off).
type slogLogger struct{}

func (slogLogger) Errorf(format string, v ...any) {
	slog.Debug("central: " + fmt.Sprintf(format, v...))
}
func (slogLogger) Warnf(format string, v ...any) { slog.Debug("central: " + fmt.Sprintf(format, v...)) }
func (slogLogger) Debugf(format string, v ...any) {
	slog.Debug("central: " + fmt.Sprintf(format, v...))
}

// request is one call of the API.
type request struct {
	op, method, path string
	body             []byte            // sent as JSON if not nil
	header           map[string]string // set on the request, so the same on every attempt
	limit            int               // bound on the answer's size
	ok               []int             // the statuses that are an answer, not an error
	// stream leaves the body of a successful answer unread in the response's RawBody, for
	// the caller to decode as it arrives instead of holding it whole in memory.
	stream bool
}

// call sends one request with its retries and turns what came back into an error when its
// status is not one of r.ok. The body, a []byte, is sent whole on every attempt (an
// io.Reader would be empty on the second). With r.stream the caller must close the
// answer's RawBody.
func (c *Client) call(ctx context.Context, r request) (*resty.Response, error) {
	req := c.rc.R().SetContext(ctx).SetResponseBodyLimit(r.limit).SetDoNotParseResponse(r.stream)
	for k, v := range r.header {
		// Set on the request, not in a hook: a hook runs again per attempt, and an
		// idempotency key must stay the same across retries.
		req.SetHeader(k, v)
	}
	if r.body != nil {
		req.SetHeader("Content-Type", api.ContentTypeJSON).SetBody(r.body)
	}
	resp, err := req.Execute(r.method, r.path)
	var raw []byte
	if r.stream && resp != nil && resp.RawBody() != nil && (err != nil || !slices.Contains(r.ok, resp.StatusCode())) {
		// Not the answer the caller streams: keep what a problem needs and free the connection.
		raw, _ = io.ReadAll(io.LimitReader(resp.RawBody(), maxSmallBody))
		resp.RawBody().Close()
	} else if resp != nil {
		raw = resp.Body()
	}
	switch {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("central: %s: %w: %w", r.op, ErrUnavailable, ctx.Err())
	case errors.Is(err, resty.ErrResponseBodyTooLarge):
		return nil, fmt.Errorf("central: %s: %w: answer larger than %d bytes", r.op, ErrMalformedResponse, r.limit)
	case err != nil:
		return nil, fmt.Errorf("central: %s: %w after %d attempts: %w", r.op, ErrUnavailable, attempts(resp), err)
	}
	if slices.Contains(r.ok, resp.StatusCode()) {
		return resp, nil
	}
	if resp.StatusCode() < 400 {
		return nil, fmt.Errorf("central: %s: %w: unexpected status %d", r.op, ErrMalformedResponse, resp.StatusCode())
	}
	perr := problemOf(resp.StatusCode(), resp.Header(), raw)
	if perr.Temporary() {
		return nil, fmt.Errorf("central: %s: %w after %d attempts: %w", r.op, ErrUnavailable, attempts(resp), perr)
	}
	return nil, fmt.Errorf("central: %s: %w", r.op, perr)
}

// closeRetried frees the connection of an answer that is about to be retried. Answers
// resty reads itself are closed already (closing again does nothing); a streamed one would
// otherwise hold its connection until the garbage collector found it.
func closeRetried(resp *resty.Response, _ error) {
	if resp != nil && resp.RawBody() != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.RawBody(), maxSmallBody))
		resp.RawBody().Close()
	}
}

func attempts(resp *resty.Response) int {
	if resp == nil || resp.Request == nil {
		return 1
	}
	return resp.Request.Attempt
}
