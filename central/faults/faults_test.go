package faults

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestTransportFaults(t *testing.T) {
	var handled atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handled.Add(1)
		_, _ = io.WriteString(w, "ok")
	}))
	defer ts.Close()
	tr := &Transport{Delay: 200 * time.Millisecond, RetryAfter: "7"}
	c := &http.Client{Transport: tr, Timeout: 100 * time.Millisecond}
	tests := []struct {
		kind    Kind
		status  int // 0: an error
		reached bool
	}{
		{Pass, 200, true},
		{DropRequest, 0, false},
		{Reset, 0, false},
		{DropResponse, 0, true},
		{TooMany, 429, false},
		{Unavailable, 503, false},
		{SlowResponse, 0, true},
	}
	for _, tt := range tests {
		tr.Next(tt.kind)
		before := handled.Load()
		resp, err := c.Get(ts.URL)
		if tt.status == 0 {
			if err == nil {
				resp.Body.Close()
				t.Errorf("%v: status %d, want an error", tt.kind, resp.StatusCode)
			}
		} else if err != nil || resp.StatusCode != tt.status {
			t.Errorf("%v: %v, want %d", tt.kind, err, tt.status)
		} else {
			if tt.kind == TooMany && resp.Header.Get("Retry-After") != "7" {
				t.Errorf("429 without Retry-After")
			}
			resp.Body.Close()
		}
		if got := handled.Load() > before; got != tt.reached {
			t.Errorf("%v: reached the server %v, want %v", tt.kind, got, tt.reached)
		}
		if tr.Count(tt.kind) != 1 {
			t.Errorf("%v counted %d times", tt.kind, tr.Count(tt.kind))
		}
	}
	tr.Next(Reset)
	_, err := c.Get(ts.URL)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("reset: %v, want ECONNRESET", err)
	}
}

func TestProxyModes(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	defer ts.Close()
	p, err := Listen(strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	get := func() error {
		// A new connection each time: modes apply to new connections.
		c := &http.Client{Timeout: 300 * time.Millisecond, Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := c.Get("http://" + p.Addr())
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if string(b) != "ok" {
			return errors.New("wrong body " + string(b))
		}
		return nil
	}
	if err := get(); err != nil {
		t.Fatalf("forward: %v", err)
	}
	p.SetMode(Refuse)
	if err := get(); err == nil {
		t.Error("refuse: got an answer")
	}
	p.SetMode(Blackhole)
	var ne net.Error
	if err := get(); !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("blackhole: %v, want a timeout", err)
	}
	p.SetMode(Forward)
	p.SetTarget("127.0.0.1:1") // nothing listens there
	if err := get(); err == nil {
		t.Error("dead target: got an answer")
	}
	p.SetTarget(strings.TrimPrefix(ts.URL, "http://"))
	if err := get(); err != nil {
		t.Errorf("forward again: %v", err)
	}
}
