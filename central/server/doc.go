// Package server is the reference implementation of the central API (api/openapi.yaml):
// the stand-in for the national service that cmd/centrald runs for development, demos,
// pilots and the kiosk's own tests.
//
// It keeps its state in one bbolt file (New with a path: development, demos, pilots) or in
// PostgreSQL (New with a postgres:// URL), which several server processes share as
// replicas behind one address. One store interface (backend.go) holds both, and one
// conformance suite runs on both; the schema of PostgreSQL is in migrations/, applied by
// goose at start or by Migrate. What the store keeps:
//
//   - each site's services and each site's appointments per day, stored as the exact JSON
//     bodies it serves with a strong ETag computed from those bytes, so the same content
//     has the same ETag across restarts and re-seeding, and a conditional GET answers 304.
//     A day's appointments hold citizens' names and birth dates, so that body is sealed
//     (AES-256-GCM, internal/seal) under a key file of its own (Options.KeyFile, mode 0600),
//     bound to its site and day; a file from before sealing is sealed and compacted on open;
//   - the site each kiosk id was first seen at with a verified certificate;
//   - every applied event under its idempotency key, with a hash of the event, so that a
//     repeat, even after a restart, answers "duplicate" and a different event under a used
//     key is rejected instead of silently dropped. Events and days of appointments are
//     purged after Options.Retention (Purge, RunRetention) in small batches that do not
//     hold up pushes; an event that happened before that period is rejected (ReasonTooOld),
//     so a purged key is never applied twice. From the events a site's kiosks pushed the
//     server answers the site's tickets of a day (GET /sites/{site}/tickets, SiteTickets):
//     a desk that lost its disk rebuilds the day from them. PostgreSQL finds a day's
//     events by an indexed column it derives from each event (migration 00003); bbolt,
//     the one-process store, reads its log.
//
// A batch of events is applied in one transaction: one commit per push, never one per
// event. On PostgreSQL the idempotency key is a unique key, so two replicas that receive the
// same key at the same moment apply it once and answer "applied" to one and "duplicate" to
// the other; a database that cannot be reached or is restarting is answered with 503 and
// Retry-After (ErrUnavailable), and the kiosks' outboxes send again.
//
// Activation codes go only to evidence the contract allows (genuine, unverified or
// visual-only, with the face confirmed by staff), at most Options.CodesPerKioskHour per
// kiosk and Options.CodesPerStaffHour per member of staff in any hour (429 with
// Retry-After beyond; on PostgreSQL the budgets are rows that every replica shares and
// locks while it issues, on bbolt they live in the one process's memory). The answer to an Idempotency-Key is kept in the store, sealed, until
// its code expires (48 hours), so a retried request gets the same code even after a
// restart; expired answers are deleted as new codes are issued. A code in clear never
// reaches a disk or a log, and memory holds no codes at all.
package server
