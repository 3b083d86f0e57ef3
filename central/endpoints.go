package central

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"unicode/utf8"

	"github.com/go-resty/resty/v2"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// Bounds on answers. A day of 100 000 appointments is ~30 MB of JSON; the bound leaves room
// and stops a broken or hostile server from filling the kiosk's memory.
const (
	maxAppointmentsBody = 64 << 20
	maxServicesBody     = 1 << 20
	maxPushBody         = 4 << 20 // 500 results with reasons
	maxSmallBody        = 64 << 10
	maxProblemDetail    = 300 // bytes of a problem's text kept in an error
)

// Services fetches the site's services. With the etag of the last answer it may get
// notModified instead (304), and then svcs is nil. The records are not validated here:
// the caller decides what to do with a bad one.
func (c *Client) Services(ctx context.Context, etag string) (svcs []api.Service, newETag string, notModified bool, err error) {
	resp, err := c.call(ctx, request{op: "services", method: http.MethodGet, path: api.ServicesPath(c.site),
		header: conditional(etag), limit: maxServicesBody, ok: []int{http.StatusOK, http.StatusNotModified}})
	if err != nil {
		return nil, "", false, err
	}
	if resp.StatusCode() == http.StatusNotModified {
		return nil, etag, true, nil
	}
	var list api.ServiceList
	if err := decode(resp, &list); err != nil {
		return nil, "", false, fmt.Errorf("central: services: %w", err)
	}
	return list.Services, resp.Header().Get(api.HeaderETag), false, nil
}

// Appointments fetches the site's appointments on day ("2006-01-02"), cancelled ones
// included; see Services for etag. The list's day is checked against day; the
// appointments themselves are not validated here. It holds the whole day: the sync
// engine uses StreamAppointments.
func (c *Client) Appointments(ctx context.Context, day, etag string) (list api.AppointmentList, newETag string, notModified bool, err error) {
	var got []api.Appointment
	newETag, notModified, err = c.StreamAppointments(ctx, day, etag, func(a api.Appointment) { got = append(got, a) })
	if err != nil || notModified {
		return api.AppointmentList{}, newETag, notModified, err
	}
	return api.AppointmentList{Day: day, Appointments: got}, newETag, false, nil
}

// StreamAppointments is Appointments one appointment at a time: each gets them in the
// order sent, as the body arrives, and the day is never held whole (a day of 100 000 is
// ~30 MB of JSON). The answer's day is known only at its end, so when err is not nil each
// may have seen appointments of a broken, cut or wrong answer: the caller discards them.
func (c *Client) StreamAppointments(ctx context.Context, day, etag string, each func(api.Appointment)) (newETag string, notModified bool, err error) {
	resp, err := c.call(withAttemptTimeout(ctx, c.opt.DownloadTimeout), request{op: "appointments", method: http.MethodGet, path: api.AppointmentsPath(c.site, day),
		header: conditional(etag), ok: []int{http.StatusOK, http.StatusNotModified}, stream: true})
	if err != nil {
		return "", false, err
	}
	defer resp.RawBody().Close()
	if resp.StatusCode() == http.StatusNotModified {
		return etag, true, nil
	}
	var sent string
	err = decodeStream(resp, c.appointmentsLimit, func(r io.Reader) (err error) {
		sent, err = decodeAppointments(r, each)
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("central: appointments: %w", err)
	}
	if sent != day {
		return "", false, fmt.Errorf("central: appointments: %w: answer is for another day than %s", ErrMalformedResponse, day)
	}
	return resp.Header().Get(api.HeaderETag), false, nil
}

// Push sends a batch of events (at most api.MaxBatchEvents) in order and returns one result
// per event, in the same order. Each event's key is its idempotency key, so sending the
// same batch again is safe: what was applied answers "duplicate".
func (c *Client) Push(ctx context.Context, batch []api.Event) ([]api.EventResult, error) {
	req := api.PushRequest{KioskID: c.kioskID, Events: batch}
	if err := req.Validate(); err != nil {
		return nil, fmt.Errorf("central: push: %w", err)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("central: push: encode: %w", err)
	}
	resp, err := c.call(ctx, request{op: "push", method: http.MethodPost, path: api.PathEvents, body: body,
		limit: maxPushBody, ok: []int{http.StatusOK}})
	if err != nil {
		return nil, err
	}
	var out api.PushResponse
	if err := decode(resp, &out); err != nil {
		return nil, fmt.Errorf("central: push: %w", err)
	}
	if err := out.ValidateFor(req); err != nil {
		return nil, fmt.Errorf("central: push: %w: %w", ErrMalformedResponse, err)
	}
	return out.Results, nil
}

// Heartbeat tells the central system the kiosk is alive and what it is waiting to send.
func (c *Client) Heartbeat(ctx context.Context, hb api.Heartbeat) error {
	body, err := json.Marshal(hb)
	if err != nil {
		return fmt.Errorf("central: heartbeat: encode: %w", err)
	}
	_, err = c.call(ctx, request{op: "heartbeat", method: http.MethodPost, path: api.HeartbeatPath(c.kioskID),
		body: body, limit: maxSmallBody, ok: []int{http.StatusNoContent, http.StatusOK}})
	return err
}

// IssueActivationCode asks for a MitID activation code. key is the request's idempotency
// key (KIOSK-ID/SEQUENCE); a retry under the same key gets the same code. The code is
// returned to be printed and is never logged or stored: errors from here never hold it.
func (c *Client) IssueActivationCode(ctx context.Context, key string, req api.ActivationRequest) (api.ActivationResponse, error) {
	if _, _, err := api.ParseKey(key); err != nil {
		return api.ActivationResponse{}, fmt.Errorf("central: activation code: %w", err)
	}
	if err := req.Validate(); err != nil {
		return api.ActivationResponse{}, fmt.Errorf("central: activation code: %w", err)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return api.ActivationResponse{}, fmt.Errorf("central: activation code: encode: %w", err)
	}
	resp, err := c.call(ctx, request{op: "activation code", method: http.MethodPost, path: api.PathActivationCodes,
		body: body, header: map[string]string{api.HeaderIdempotencyKey: key}, limit: maxSmallBody,
		ok: []int{http.StatusCreated}})
	if err != nil {
		return api.ActivationResponse{}, err
	}
	var out api.ActivationResponse
	if err := decode(resp, &out); err != nil {
		return api.ActivationResponse{}, fmt.Errorf("central: activation code: %w", err)
	}
	if err := out.Validate(); err != nil {
		// FieldError names the field, never its value, so the code cannot leak through it.
		return api.ActivationResponse{}, fmt.Errorf("central: activation code: %w: %w", ErrMalformedResponse, err)
	}
	return out, nil
}

func conditional(etag string) map[string]string {
	if etag == "" {
		return nil
	}
	return map[string]string{api.HeaderIfNoneMatch: etag}
}

// decode reads an answer's body, which resty has read whole, as exactly one JSON value of
// type application/json.
func decode(resp *resty.Response, v any) error {
	if err := checkJSON(resp.Header()); err != nil {
		return err
	}
	return decodeJSON(bytes.NewReader(resp.Body()), v)
}

// decodeStream is decode for a streamed answer: decodeBody reads the body as it arrives,
// and reads at most limit bytes of it. A body cut short by the network is ErrUnavailable
// (nothing from it is used, and the next sync asks again), one that goes on past limit is
// malformed, and so is one decodeBody refuses.
func decodeStream(resp *resty.Response, limit int64, decodeBody func(io.Reader) error) error {
	if err := checkJSON(resp.Header()); err != nil {
		return err
	}
	body := &countingReader{r: io.LimitReader(resp.RawBody(), limit+1)}
	err := decodeBody(body)
	switch {
	case body.n > limit:
		return fmt.Errorf("%w: answer larger than %d bytes", ErrMalformedResponse, limit)
	case body.err != nil:
		return fmt.Errorf("%w: the answer was cut: %w", ErrUnavailable, body.err)
	case err != nil:
		return fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	return nil
}

// countingReader counts the bytes read and keeps the first error other than EOF: a
// transport error, which the JSON decoder would otherwise report as bad JSON.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

func checkJSON(h http.Header) error {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != api.ContentTypeJSON {
		return fmt.Errorf("%w: content type is not %s", ErrMalformedResponse, api.ContentTypeJSON)
	}
	return nil
}

// decodeJSON decodes exactly one JSON value (api.DecodeJSON); its errors are
// ErrMalformedResponse.
func decodeJSON(r io.Reader, v any) error {
	if err := api.DecodeJSON(r, v); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformedResponse, err)
	}
	return nil
}

// problemOf makes the error of a refusal from its RFC 9457 body, or from its status alone
// when the body is not a problem.
func problemOf(status int, h http.Header, body []byte) *ProblemError {
	e := &ProblemError{Status: status, Title: http.StatusText(status)}
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if mt != api.ContentTypeProblem {
		return e
	}
	var p api.Problem
	if json.Unmarshal(body, &p) != nil {
		return e
	}
	if p.Title != "" {
		e.Title = clip(p.Title)
	}
	e.Detail = clip(p.Detail)
	return e
}

// clip bounds a text from the server before it goes into an error and from there to logs
// and the status line.
func clip(s string) string {
	if len(s) <= maxProblemDetail {
		return s
	}
	s = s[:maxProblemDetail]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
