// Package codeissuer connects the counter's CodeIssuer (package kiosk) to the central
// API's client: it hands out idempotency keys from a counter kept in the kiosk database
// and turns the client's errors into the ones the counter tells staff about. It is wiring:
// kiosk imports no client, and central knows nothing of screens.
package codeissuer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/kiosk"
)

// metaKey is the database setting that holds the last activation request's sequence.
const metaKey = "activation-seq"

// Settings is the kiosk database's store of small settings. *storage.DB satisfies it.
type Settings interface {
	Meta(key string) (string, error)
	SetMeta(key, value string) error
}

// Client is the part of *central.Client the issuer uses.
type Client interface {
	IssueActivationCode(ctx context.Context, key string, req api.ActivationRequest) (api.ActivationResponse, error)
}

// Issuer is a kiosk.CodeIssuer over the central API.
type Issuer struct {
	client   Client
	kioskID  string
	settings Settings
	now      func() time.Time
	mu       sync.Mutex // one key at a time: the sequence is read, bumped and written back
}

// New makes an issuer for the kiosk kioskID whose keys count on in settings; now is the
// clock the sequence keeps up with (time.Now when nil).
func New(client Client, kioskID string, settings Settings, now func() time.Time) *Issuer {
	if now == nil {
		now = time.Now
	}
	return &Issuer{client: client, kioskID: kioskID, settings: settings, now: now}
}

// RequestKey returns a new idempotency key, KIOSK-ID/SEQUENCE. The sequence is written
// before the key is handed out, so a key is never given twice, even across a crash.
//
// It also keeps up with the clock, in nanoseconds. A database file that lost its last
// commits (a restored backup) counts from an older number, and central answers a key it
// knows with the code it issued for it: the same request from the same staff member would
// print another citizen's code. The clock does not go back with the file. Nanoseconds
// (about 1.7e18 today) also keep these keys clear of the outbox's, which keep up with the
// clock in microseconds (about 1.7e15), should central hold both in one key space.
func (s *Issuer) RequestKey() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	last, err := s.settings.Meta(metaKey)
	if err != nil {
		return "", fmt.Errorf("activation key: %w", err)
	}
	var seq uint64
	if last != "" {
		if seq, err = strconv.ParseUint(last, 10, 64); err != nil {
			return "", fmt.Errorf("activation key: stored sequence %q: %w", last, err)
		}
	}
	seq++
	if now := s.now().UnixNano(); now > 0 && uint64(now) > seq {
		seq = uint64(now)
	}
	if err := s.settings.SetMeta(metaKey, strconv.FormatUint(seq, 10)); err != nil {
		return "", fmt.Errorf("activation key: %w", err)
	}
	return s.kioskID + "/" + strconv.FormatUint(seq, 10), nil
}

// IssueCode asks the central system for a code under key. Its errors wrap
// kiosk.ErrCodeLimit (429), kiosk.ErrCodeRefused (another 4xx), or
// kiosk.ErrCentralUnavailable (no answer, 5xx, timeout), beside the client's own error.
func (s *Issuer) IssueCode(ctx context.Context, key string, req kiosk.CodeRequest) (kiosk.IssuedCode, error) {
	resp, err := s.client.IssueActivationCode(ctx, key, api.ActivationRequest{
		KioskID: s.kioskID, StaffID: req.Staff,
		Evidence: api.Evidence{DocumentType: req.DocumentType, IssuingState: req.IssuingState,
			Protocol: req.Protocol, Authenticity: req.Authenticity, Reason: req.Reason,
			FaceConfirmedByStaff: req.FaceConfirmed},
	})
	if err != nil {
		return kiosk.IssuedCode{}, classify(err)
	}
	return kiosk.IssuedCode{UserIDHint: resp.UserIDHint, Code: resp.Code, ExpiresAt: resp.ExpiresAt}, nil
}

// classify adds the kiosk's sentinel to a client error.
func classify(err error) error {
	var p *central.ProblemError
	switch {
	case errors.As(err, &p) && p.Status == http.StatusTooManyRequests:
		return fmt.Errorf("%w: %w", kiosk.ErrCodeLimit, err)
	case errors.Is(err, central.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: %w", kiosk.ErrCentralUnavailable, err)
	case errors.As(err, &p) && p.Status >= 400 && p.Status < 500:
		return fmt.Errorf("%w: %w", kiosk.ErrCodeRefused, err)
	}
	return err
}
