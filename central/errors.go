package central

import (
	"errors"
	"fmt"
)

// These errors are returned wrapped; test for them with errors.Is.
var (
	// ErrInsecureURL is returned by NewClient for a URL that is not https://, unless it is
	// http:// to a loopback host (a reference server on the same machine). Personal data
	// must never cross a network in clear.
	ErrInsecureURL = errors.New("central: insecure URL")

	// ErrConfig is returned by NewClient when the options cannot make a client: a URL that
	// does not parse, PEM files that cannot be read or hold no certificate, a pinned key that
	// is not base64 of 32 bytes.
	ErrConfig = errors.New("central: invalid client options")

	// ErrMalformedResponse is returned when the central system's answer breaks the contract:
	// JSON that does not decode, a wrong content type, a body larger than the bound for its
	// kind, or results that do not match the events sent. Nothing from such an answer is
	// stored. It is not retried: the same request would get the same answer.
	ErrMalformedResponse = errors.New("central: malformed response")

	// ErrUnavailable is returned when every attempt failed with a transport error, a
	// timeout, 408, 429 or 5xx. The request may or may not have been applied; a write is
	// safe to send again under the same idempotency key.
	ErrUnavailable = errors.New("central: unavailable")

	// ErrPinMismatch is returned (inside ErrUnavailable, as the TLS handshake fails) when
	// the server's public key is not the pinned one.
	ErrPinMismatch = errors.New("central: server key does not match the pinned key")

	// ErrOtherKiosk is returned by a sync that stopped at an outbox event made under
	// another kiosk id than the client's (the kiosk was renamed while events waited). The
	// event and those after it stay in the outbox: the server would refuse them for good.
	ErrOtherKiosk = errors.New("central: outbox event of another kiosk id")
)

// ProblemError is a refusal from the central system: an answer of 4xx or 5xx, with the
// RFC 9457 problem it carried (Title and Detail are empty if it carried none). A 4xx other
// than 408 and 429 is permanent: the same request gets the same answer.
type ProblemError struct {
	Status int    // HTTP status
	Title  string // the problem's title, or the status text
	Detail string // the problem's detail; written by the server, never holds the request's data
}

func (e *ProblemError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("central: %d %s: %s", e.Status, e.Title, e.Detail)
	}
	return fmt.Sprintf("central: %d %s", e.Status, e.Title)
}

// Temporary reports whether sending the same request later may succeed: 408, 429 and 5xx.
func (e *ProblemError) Temporary() bool { return retryableStatus(e.Status) }
