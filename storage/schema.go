package storage

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Top-level buckets. Keys are ids, days, sequence numbers and HMAC tags, never personal data.
var (
	bucketMeta          = []byte("meta")         // schema version, key check, sync settings
	bucketServices      = []byte("services")     // display order (uint32 BE) → service JSON
	bucketAppointments  = []byte("appointments") // appointment id → record (citizen sealed)
	bucketByCode        = []byte("idx-code")     // booking code → appointment id
	bucketByDay         = []byte("idx-day")      // day ‖ appointment id → empty
	bucketByBirth       = []byte("idx-birth")    // day ‖ HMAC(day, birth date) ‖ id → empty
	bucketTickets       = []byte("tickets")      // day ‖ issue order (uint32 BE) → ticket JSON
	bucketTicketNumbers = []byte("idx-ticket-number")
	bucketTicketAppts   = []byte("idx-ticket-appointment") // appointment id → ticket key
	bucketCounters      = []byte("counters")               // day ‖ 0 ‖ prefix, day ‖ 1 → uint32 BE
	bucketOutbox        = []byte("outbox")                 // seq (uint64 BE) → entry JSON
	bucketDead          = []byte("dead-letters")           // seq (uint64 BE) → dead letter JSON
	bucketCommands      = []byte("site-commands")          // day ‖ 0 ‖ client ‖ 0 ‖ key → command record JSON (commands.go)
)

// Keys in bucketMeta. Settings set by SetMeta live under their own prefix so that a caller
// can never overwrite the schema version.
var (
	metaSchema   = []byte("schema")
	metaKeyCheck = []byte("key-check")
)

const metaUserPrefix = "user/"

// A migration brings the file from version-1 to version. All pending migrations run in one
// transaction with the schema bump, so a crash leaves the file at the old version or the new
// one, never between.
type migration struct {
	version uint64
	name    string
	up      func(tx *bolt.Tx, keys *keyring) error
}

// migrations lists every schema step in order. Version 0 is a file without a meta bucket
// (an empty file, or one from the prototype, which had only a services bucket).
var migrations = []migration{
	{1, "create buckets", migrateV1},
	{2, "audit trail", migrateV2},
}

func latestVersion() uint64 { return migrations[len(migrations)-1].version }

func migrateV1(tx *bolt.Tx, _ *keyring) error {
	for _, name := range [][]byte{
		bucketMeta, bucketServices, bucketAppointments, bucketByCode, bucketByDay, bucketByBirth,
		bucketTickets, bucketTicketNumbers, bucketTicketAppts, bucketCounters, bucketOutbox, bucketDead,
	} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	// The central server applies each idempotency key KIOSK-ID/SEQUENCE once, forever. A
	// database made anew (after a corrupt one was moved aside) must not start again at 1, or
	// the server would refuse its events as keys reused: start the sequence at the creation
	// time in microseconds, which a replacement database made later always exceeds.
	outbox := tx.Bucket(bucketOutbox)
	if outbox.Sequence() == 0 {
		if err := outbox.SetSequence(uint64(time.Now().UnixMicro())); err != nil {
			return fmt.Errorf("outbox sequence: %w", err)
		}
	}
	return nil
}

// schemaVersion reads the file's version; 0 if it has none yet.
func schemaVersion(tx *bolt.Tx) (uint64, error) {
	m := tx.Bucket(bucketMeta)
	if m == nil {
		return 0, nil
	}
	v := m.Get(metaSchema)
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("schema version is %d bytes, want 8", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// migrate runs, in order, every step of steps newer than the file's version and records
// the new version after each. The caller's transaction makes them all-or-nothing.
func migrate(tx *bolt.Tx, steps []migration, keys *keyring) error {
	from, err := schemaVersion(tx)
	if err != nil {
		return err
	}
	for i, m := range steps {
		if m.version != uint64(i+1) {
			return fmt.Errorf("migration %q has version %d, want %d", m.name, m.version, i+1)
		}
		if m.version <= from {
			continue
		}
		if err := m.up(tx, keys); err != nil {
			return fmt.Errorf("migrate to version %d (%s): %w", m.version, m.name, err)
		}
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return fmt.Errorf("migrate to version %d: %w", m.version, err)
		}
		if err := meta.Put(metaSchema, binary.BigEndian.AppendUint64(nil, m.version)); err != nil {
			return fmt.Errorf("migrate to version %d: %w", m.version, err)
		}
	}
	return nil
}
