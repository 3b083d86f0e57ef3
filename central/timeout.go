package central

import (
	"context"
	"io"
	"net/http"
	"time"
)

// attemptTimeoutKey carries, in a request's context, a longer per-attempt timeout than the
// client's: a day's appointments (tens of MB) take longer than a push on a slow line.
type attemptTimeoutKey struct{}

// withAttemptTimeout returns ctx asking for d per attempt instead of Options.AttemptTimeout.
func withAttemptTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, attemptTimeoutKey{}, d)
}

// timeoutTransport bounds each attempt: from sending the request to the end of reading
// (or closing) the answer's body, as http.Client.Timeout would, but per request. resty
// sends every attempt through it, so a retry gets a fresh deadline, while the caller's
// context still bounds the whole call.
type timeoutTransport struct {
	base    http.RoundTripper
	timeout time.Duration
}

func (t timeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	d := t.timeout
	if v, ok := req.Context().Value(attemptTimeoutKey{}).(time.Duration); ok && v > 0 {
		d = v
	}
	ctx, cancel := context.WithTimeout(req.Context(), d)
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an attempt's deadline when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
