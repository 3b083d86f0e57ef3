// Package storage keeps the kiosk's state in one bbolt file: the day's services and
// appointments pulled from the central system, the tickets issued here, the counter's
// hash-chained audit trail (audit.go), and an outbox of events waiting to be pushed back.
//
// DB satisfies booking.Store. Three rules shape the layout:
//
//   - Personal data (a citizen's names and birth date) is sealed with AES-256-GCM before it
//     reaches the file, and no bbolt key contains it. The birth-date index is keyed by an
//     HMAC of the birth date, so lookups work without the date ever being stored in clear.
//   - Every change a citizen or a counter makes is committed in the same transaction as its
//     outbox event, so an acknowledged check-in is never lost and never pushed twice under
//     different idempotency keys.
//   - A file that cannot be trusted (corrupt, written by a newer program, sealed with another
//     key) is reported with a typed error and left untouched; nothing is silently reset. Nor
//     is a file that vanished or was emptied beside its key file made anew, nor an outbox of
//     another kiosk id opened to be sent under this one, where the central system would
//     refuse it. An outbox entry that cannot be decoded is quarantined, not left in the way.
//
// The sealing key lives in a separate file (by default seal.key beside the database), so a
// copy of the database alone reveals no personal data. Both files and their directory are
// kept readable by their owner only.
package storage
