package faults

import (
	"context"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Kind is one fault of a request.
type Kind int

// The faults. "Before" faults never reach the server; "after" faults reach it, so it may
// have applied the request when the client sees a failure.
const (
	Pass         Kind = iota // no fault
	DropRequest              // before: the connection fails while sending
	DropResponse             // after: the server answered, the answer is lost (connection reset)
	TooMany                  // before: 429 with Retry-After
	Unavailable              // before: 503
	SlowResponse             // after: the answer arrives after Delay, beyond the attempt timeout
	Reset                    // before: connection reset by peer
	numKinds
)

var kindNames = [...]string{"pass", "drop-request", "drop-response", "429", "503", "slow-response", "reset"}

func (k Kind) String() string {
	if k >= 0 && k < numKinds {
		return kindNames[k]
	}
	return "fault?"
}

// Transport is an http.RoundTripper that injects faults into the requests Match selects
// (all if nil): first the ones queued with Next, in order, then random ones at Rate. It is
// safe for concurrent use.
type Transport struct {
	Base       http.RoundTripper // the real transport; http.DefaultTransport if nil
	Match      func(*http.Request) bool
	RetryAfter string        // the Retry-After of TooMany; "1" if empty
	Delay      time.Duration // the lateness of SlowResponse; 2 s if zero

	mu     sync.Mutex
	queue  []Kind
	rate   float64
	kinds  []Kind
	rnd    *rand.Rand
	counts [numKinds]int
}

// Next queues faults for the next matching requests, one each.
func (t *Transport) Next(kinds ...Kind) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.queue = append(t.queue, kinds...)
}

// Random makes a share rate (0 to 1) of the matching requests fail with one of kinds,
// chosen with a generator seeded with seed so that a failing run can be repeated.
// Rate 0 stops random faults.
func (t *Transport) Random(seed uint64, rate float64, kinds ...Kind) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rate, t.kinds, t.rnd = rate, kinds, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Count returns how many requests got fault k.
func (t *Transport) Count(k Kind) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.counts[k]
}

func (t *Transport) next(req *http.Request) Kind {
	if t.Match != nil && !t.Match(req) {
		return Pass
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	k := Pass
	switch {
	case len(t.queue) > 0:
		k, t.queue = t.queue[0], t.queue[1:]
	case t.rate > 0 && len(t.kinds) > 0 && t.rnd.Float64() < t.rate:
		k = t.kinds[t.rnd.IntN(len(t.kinds))]
	}
	t.counts[k]++
	return k
}

// RoundTrip sends req through the base transport unless its fault says otherwise.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	switch t.next(req) {
	case DropRequest:
		drain(req)
		return nil, netError("write", syscall.EPIPE)
	case Reset:
		drain(req)
		return nil, netError("read", syscall.ECONNRESET)
	case TooMany:
		drain(req)
		h := http.Header{"Retry-After": {t.retryAfter()}}
		return answer(req, http.StatusTooManyRequests, h), nil
	case Unavailable:
		drain(req)
		return answer(req, http.StatusServiceUnavailable, nil), nil
	case DropResponse:
		resp, err := base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, netError("read", syscall.ECONNRESET)
	case SlowResponse:
		resp, err := base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		if err := sleep(req.Context(), t.delay()); err != nil {
			resp.Body.Close()
			return nil, err
		}
		return resp, nil
	}
	return base.RoundTrip(req)
}

func (t *Transport) retryAfter() string {
	if t.RetryAfter == "" {
		return "1"
	}
	return t.RetryAfter
}

func (t *Transport) delay() time.Duration {
	if t.Delay <= 0 {
		return 2 * time.Second
	}
	return t.Delay
}

// drain reads and closes a request body, as a transport does before it fails.
func drain(req *http.Request) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
}

func netError(op string, errno syscall.Errno) error {
	return &net.OpError{Op: op, Net: "tcp", Err: os.NewSyscallError(op, errno)}
}

// answer makes a problem answer as a proxy or load balancer in front of the server would.
func answer(req *http.Request, status int, h http.Header) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	body := `{"title":"` + http.StatusText(status) + `","status":` + strconv.Itoa(status) + `}`
	h.Set("Content-Type", "application/problem+json")
	return &http.Response{
		Status: strconv.Itoa(status) + " " + http.StatusText(status), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
		Request: req,
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
