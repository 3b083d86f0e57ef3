package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// writeProblem answers with an RFC 9457 problem. The detail says what was wrong with the
// request, never echoing its content.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	body, _ := json.Marshal(api.Problem{Title: http.StatusText(status), Status: status, Detail: detail})
	w.Header().Set("Content-Type", api.ContentTypeProblem)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeProblem(w, http.StatusInternalServerError, "encode the answer")
		return
	}
	w.Header().Set("Content-Type", api.ContentTypeJSON)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// requestError is a request the server refuses as a whole, with the status to answer.
type requestError struct {
	status     int
	detail     string
	retryAfter time.Duration // for 429: when the caller may try again
}

func (e *requestError) Error() string { return fmt.Sprintf("%d: %s", e.status, e.detail) }

func refuse(status int, format string, args ...any) error {
	return &requestError{status: status, detail: fmt.Sprintf(format, args...)}
}

// refuseRetry is 429 Too Many Requests with the wait the Retry-After header will say.
func refuseRetry(wait time.Duration, detail string) error {
	return &requestError{status: http.StatusTooManyRequests, detail: detail, retryAfter: wait}
}

// writeError answers a requestError with its status and anything else with 500.
func writeError(w http.ResponseWriter, err error) {
	var re *requestError
	if errors.As(err, &re) {
		if re.retryAfter > 0 {
			w.Header().Set(api.HeaderRetryAfter, strconv.Itoa(retryAfterSeconds(re.retryAfter)))
		}
		writeProblem(w, re.status, re.detail)
		return
	}
	if errors.Is(err, ErrUnavailable) {
		w.Header().Set(api.HeaderRetryAfter, strconv.Itoa(retryAfterSeconds(storeRetryAfter)))
		writeProblem(w, http.StatusServiceUnavailable, "the database is unavailable; try again later")
		return
	}
	writeProblem(w, http.StatusInternalServerError, "internal error")
}

// readBody reads a request body of at most api.MaxBodyBytes. A body that is not
// application/json is 415, one too large 413.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != api.ContentTypeJSON {
		return nil, refuse(http.StatusUnsupportedMediaType, "the body must be %s", api.ContentTypeJSON)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, api.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, refuse(http.StatusRequestEntityTooLarge, "the body is larger than %d bytes", api.MaxBodyBytes)
		}
		return nil, refuse(http.StatusBadRequest, "the body could not be read")
	}
	return body, nil
}

// decodeBody reads the body (see readBody) and decodes it as one JSON value into v;
// anything else is 400.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	if err := api.DecodeJSON(bytes.NewReader(body), v); err != nil {
		return refuse(http.StatusBadRequest, "%v", err)
	}
	return nil
}

// etagOf is a strong entity tag of a body: a hash of its bytes, so the same content gets
// the same tag on every server and after every restart.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// notModified reports whether If-None-Match names etag. RFC 9110 §13.1.2: the comparison
// is weak (a W/ prefix is ignored) and "*" matches any current representation.
func notModified(r *http.Request, etag string) bool {
	for _, h := range r.Header.Values(api.HeaderIfNoneMatch) {
		for tag := range strings.SplitSeq(h, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == etag {
				return true
			}
		}
	}
	return false
}

// serveBody answers a GET with a stored body and its ETag, or 304 when the client has it.
func serveBody(w http.ResponseWriter, r *http.Request, body []byte) {
	etag := etagOf(body)
	w.Header().Set(api.HeaderETag, etag)
	// no-cache: a proxy may keep the body but must revalidate; the ETag makes that cheap.
	w.Header().Set("Cache-Control", "no-cache")
	if notModified(r, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", api.ContentTypeJSON)
	_, _ = w.Write(body)
}
