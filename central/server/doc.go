// Package server is the reference implementation of the central API (api/openapi.yaml):
// the stand-in for the national service that cmd/centrald runs for development, demos,
// pilots and the kiosk's own tests.
//
// It keeps its state in one bbolt file:
//
//   - each site's services and each site's appointments per day, stored as the exact JSON
//     bodies it serves with a strong ETag computed from those bytes, so the same content
//     has the same ETag across restarts and re-seeding, and a conditional GET answers 304.
//     A day's appointments hold citizens' names and birth dates, so that body is sealed
//     (AES-256-GCM, internal/seal) under a key file of its own (Options.KeyFile, mode 0600),
//     bound to its site and day; a file from before sealing is sealed and compacted on open;
//   - the site each kiosk id was first seen at with a verified certificate;
//   - every applied event under its idempotency key, forever, with a hash of the event,
//     so that a repeat, even after a restart, answers "duplicate" and a different event
//     under a used key is rejected instead of silently dropped.
//
// A batch of events is applied in one bbolt transaction: one fsync per push, never one per
// event.
//
// Activation codes go only to evidence the contract allows (genuine, unverified or
// visual-only, with the face confirmed by staff), at most Options.CodesPerKioskHour per
// kiosk and Options.CodesPerStaffHour per member of staff in any hour (429 with
// Retry-After beyond). The answer to an Idempotency-Key is kept in the file, sealed, until
// its code expires (48 hours), so a retried request gets the same code even after a
// restart; expired answers are deleted as new codes are issued. A code in clear never
// reaches a disk or a log, and memory holds no codes at all.
package server
