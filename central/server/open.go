package server

import (
	"net/url"
	"strings"
	"time"

	"github.com/citizenkiosk/citizenkiosk/internal/seal"
)

// storeRetryAfter is the Retry-After of a 503 when the database could not be reached or
// could not commit: about as long as a PostgreSQL restart or a failover takes to begin
// answering again.
const storeRetryAfter = 2 * time.Second

// isPostgresURL reports whether New's path names a PostgreSQL database instead of a file.
func isPostgresURL(path string) bool {
	return strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://")
}

// openStore opens the store path names: a PostgreSQL URL or a bbolt file.
func openStore(path string, opts Options) (store, *seal.Sealer, error) {
	if isPostgresURL(path) {
		return openPostgres(path, opts)
	}
	st, s, err := openBolt(path, opts.KeyFile, opts.Timeout, opts.Logger)
	if err != nil {
		return nil, nil, err
	}
	return st, s, nil
}

// redactURL hides a password in a database URL, so that errors and logs never carry it.
func redactURL(path string) string {
	if !isPostgresURL(path) {
		return path
	}
	u, err := url.Parse(path)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}
