package server

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/internal/seal"
)

// boltStore keeps the server's state in one bbolt file: the store of development, demos
// and pilots. One process owns the file (bbolt locks it).
type boltStore struct {
	db *bolt.DB

	// The activation-code limits live in memory: one process owns the file, so its memory
	// is the shared state. They start full after a restart.
	mu     sync.Mutex
	limits map[int]*hourlyLimit // per hour → buckets of every budget with that size
}

// openBolt opens and prepares the file. bbolt trusts its file's page structure and may
// panic (or fault on the memory map) on a damaged one; that becomes an error here, so a bad
// file makes centrald say so instead of crashing.
func openBolt(path, keyFile string, timeout time.Duration, log *slog.Logger) (st *boltStore, s *seal.Sealer, err error) {
	var db *bolt.DB
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("damaged database file: %v", v)
		}
		if err != nil && db != nil {
			_ = db.Close()
			st = nil
		}
	}()
	opts := &bolt.Options{Timeout: timeout}
	if db, err = bolt.Open(path, 0o600, opts); err != nil {
		return nil, nil, err
	}
	var fs fileState
	if err = db.View(func(tx *bolt.Tx) (err error) { fs, err = readState(tx); return err }); err != nil {
		return nil, nil, err
	}
	if fs.version > schemaVersion {
		return nil, nil, ErrSchemaTooNew // before a key file is made for a file we cannot use
	}
	if s, err = loadSealer(keyFile, fs.check); err != nil {
		return nil, nil, err
	}
	var sealed bool
	err = db.Update(func(tx *bolt.Tx) (err error) { sealed, err = prepare(tx, fs, s); return err })
	if err != nil || !sealed {
		return newBoltStore(db), s, err
	}
	log.Info("sealed appointments kept in clear by an older server; compacting the file", "path", path)
	db, err = compact(db, opts)
	return newBoltStore(db), s, err
}

func newBoltStore(db *bolt.DB) *boltStore {
	return &boltStore{db: db, limits: map[int]*hourlyLimit{}}
}

func (b *boltStore) close() error { return b.db.Close() }

func (b *boltStore) limit(perHour int) *hourlyLimit {
	l, ok := b.limits[perHour]
	if !ok {
		l = newHourlyLimit(perHour)
		b.limits[perHour] = l
	}
	return l
}

func (b *boltStore) putCatalog(_ context.Context, site, day string, services, sealedDay []byte) error {
	return b.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketServices).Put([]byte(site), services); err != nil {
			return err
		}
		return tx.Bucket(bucketDays).Put(dayKey(site, day), sealedDay)
	})
}

func (b *boltStore) services(_ context.Context, site string) ([]byte, error) {
	var v []byte
	err := b.db.View(func(tx *bolt.Tx) error {
		// A copy: bbolt's slices die with the transaction.
		v = bytes.Clone(tx.Bucket(bucketServices).Get([]byte(site)))
		return nil
	})
	return v, err
}

func (b *boltStore) day(_ context.Context, site, day string) (sealed []byte, known bool, err error) {
	err = b.db.View(func(tx *bolt.Tx) error {
		known = tx.Bucket(bucketServices).Get([]byte(site)) != nil
		sealed = bytes.Clone(tx.Bucket(bucketDays).Get(dayKey(site, day)))
		return nil
	})
	return sealed, known, err
}

func (b *boltStore) applyEvents(_ context.Context, fn func(eventTx) error) error {
	return b.db.Update(func(tx *bolt.Tx) error {
		// Sequences only grow, so full pages waste nothing in the log.
		tx.Bucket(bucketEvents).FillPercent = 1
		return fn(boltEventTx{tx})
	})
}

func (b *boltStore) events(_ context.Context, fn func(body []byte) error) error {
	return b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketEvents).ForEach(func(_, v []byte) error { return fn(v) })
	})
}

// dayEvents reads the whole log: events are kept for the retention period only, and a
// desk asks for its day once, when it lost its database.
func (b *boltStore) dayEvents(ctx context.Context, day string, fn func(body []byte) error) error {
	needle := []byte(`"day":"` + day + `"`)
	return b.events(ctx, func(v []byte) error {
		if !bytes.Contains(v, needle) {
			return nil
		}
		return fn(v)
	})
}

func (b *boltStore) kioskSites(_ context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketKiosks).ForEach(func(k, v []byte) error {
			out[string(k)] = string(v)
			return nil
		})
	})
	return out, err
}

func (b *boltStore) bindKiosk(_ context.Context, kiosk, site string) (known string, err error) {
	err = b.db.Update(func(tx *bolt.Tx) error {
		k := tx.Bucket(bucketKiosks)
		if v := k.Get([]byte(kiosk)); v != nil {
			known = string(v)
			return nil
		}
		known = site
		return k.Put([]byte(kiosk), []byte(site))
	})
	return known, err
}

func (b *boltStore) activation(_ context.Context, key string) (rec activationRecord, ok bool, err error) {
	err = b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketActivations).Get([]byte(key))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &rec)
	})
	if err != nil {
		return rec, false, fmt.Errorf("decode activation record: %w", err)
	}
	return rec, ok, nil
}

func (b *boltStore) keepActivation(_ context.Context, key string, rec activationRecord, now time.Time, budgets []codeBudget) (kept activationRecord, fresh bool, wait time.Duration, err error) {
	v, err := json.Marshal(rec)
	if err != nil {
		return rec, false, 0, fmt.Errorf("encode activation record: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	err = b.db.Update(func(tx *bolt.Tx) error {
		if err := purgeExpiredAnswers(tx, now); err != nil {
			return err
		}
		answers := tx.Bucket(bucketActivations)
		if prev := answers.Get([]byte(key)); prev != nil {
			if err := json.Unmarshal(prev, &kept); err != nil {
				return fmt.Errorf("decode activation record: %w", err)
			}
			if kept.ExpiresAt.After(now) {
				return nil
			}
		}
		for _, bg := range budgets {
			wait = max(wait, b.limit(bg.perHour).wait(bg.name, now))
		}
		if wait > 0 {
			return nil
		}
		kept, fresh = rec, true
		if err := answers.Put([]byte(key), v); err != nil {
			return err
		}
		return tx.Bucket(bucketActivationExpiry).Put(expiryKey(rec.ExpiresAt, key), nil)
	})
	if err == nil && fresh {
		for _, bg := range budgets {
			b.limit(bg.perHour).take(bg.name, now)
		}
	}
	return kept, fresh, wait, err
}

func (b *boltStore) readAudit(_ context.Context, fn func(auditReader) error) error {
	return b.db.View(func(tx *bolt.Tx) error { return fn(boltAuditReader{tx}) })
}

// boltEventTx is a push's bbolt transaction. bbolt has one writer at a time, so nothing
// changes under it and auditHead needs no lock.
type boltEventTx struct{ tx *bolt.Tx }

func (t boltEventTx) applied(key string) ([]byte, bool, error) {
	v := t.tx.Bucket(bucketApplied).Get([]byte(key))
	if v == nil {
		return nil, false, nil
	}
	rec, err := decodeApplied(v)
	if err != nil {
		return nil, false, fmt.Errorf("decode applied record of %s: %w", key, err)
	}
	return rec.Hash, true, nil
}

func (t boltEventTx) appendEvent(key, _ string, body, hash []byte, now time.Time) (bool, error) {
	if t.tx.Bucket(bucketApplied).Get([]byte(key)) != nil {
		return false, nil
	}
	log := t.tx.Bucket(bucketEvents)
	seq, err := log.NextSequence()
	if err != nil {
		return false, fmt.Errorf("event log sequence: %w", err)
	}
	if err := log.Put(binary.BigEndian.AppendUint64(nil, seq), body); err != nil {
		return false, fmt.Errorf("put event: %w", err)
	}
	rec := appliedRecord{Seq: seq, Hash: hash, AppliedAt: now}.encode()
	if err := t.tx.Bucket(bucketApplied).Put([]byte(key), rec); err != nil {
		return false, fmt.Errorf("put applied key: %w", err)
	}
	return true, nil
}

func (t boltEventTx) auditHead(kiosk string) (uint64, string, error) {
	return auditHeadOf(t.tx.Bucket(bucketAuditHeads), kiosk)
}

func (t boltEventTx) auditRecord(kiosk string, seq uint64) ([]byte, error) {
	return bytes.Clone(t.tx.Bucket(bucketAuditChain).Get(auditKey(kiosk, seq))), nil
}

func (t boltEventTx) putAuditRecord(kiosk string, seq uint64, body []byte) error {
	return t.tx.Bucket(bucketAuditChain).Put(auditKey(kiosk, seq), body)
}

func (t boltEventTx) setAuditHead(kiosk string, seq uint64, hash string) error {
	head := binary.BigEndian.AppendUint64(nil, seq)
	return t.tx.Bucket(bucketAuditHeads).Put([]byte(kiosk), append(head, hash...))
}

func (t boltEventTx) putAuditBreak(kiosk string, seq uint64, b auditBreak) error {
	v, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("encode audit break: %w", err)
	}
	return t.tx.Bucket(bucketAuditBreaks).Put(auditKey(kiosk, seq), v)
}

type boltAuditReader struct{ tx *bolt.Tx }

func (r boltAuditReader) auditKiosks() ([]string, error) {
	// Heads and breaks name every kiosk that ever sent an audit record.
	kiosks := map[string]bool{}
	collect := func(k, _ []byte) error {
		if i := bytes.IndexByte(k, 0); i >= 0 {
			k = k[:i]
		}
		kiosks[string(k)] = true
		return nil
	}
	for _, b := range [][]byte{bucketAuditHeads, bucketAuditBreaks} {
		if err := r.tx.Bucket(b).ForEach(collect); err != nil {
			return nil, err
		}
	}
	return slices.Sorted(maps.Keys(kiosks)), nil
}

func (r boltAuditReader) auditBreaks(kiosk string) ([]AuditBreak, error) {
	var out []AuditBreak
	prefix := append([]byte(kiosk), 0)
	c := r.tx.Bucket(bucketAuditBreaks).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var b auditBreak
		if len(k) != len(prefix)+8 || json.Unmarshal(v, &b) != nil {
			return out, fmt.Errorf("audit break %q of %s does not decode", k, kiosk)
		}
		out = append(out, AuditBreak{Seq: binary.BigEndian.Uint64(k[len(prefix):]), Problem: b.Problem, At: b.At})
	}
	return out, nil
}

func (r boltAuditReader) auditRecords(kiosk string, fn func(uint64, []byte) error) error {
	prefix := append([]byte(kiosk), 0)
	c := r.tx.Bucket(bucketAuditChain).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != len(prefix)+8 {
			return fmt.Errorf("audit chain key %q of %s is malformed", k, kiosk)
		}
		if err := fn(binary.BigEndian.Uint64(k[len(prefix):]), v); err != nil {
			return err
		}
	}
	return nil
}

func (r boltAuditReader) auditHead(kiosk string) (uint64, string, error) {
	return auditHeadOf(r.tx.Bucket(bucketAuditHeads), kiosk)
}

func (b *boltStore) purge(_ context.Context, before time.Time, day string, batch int) (events, days int, err error) {
	err = b.db.Update(func(tx *bolt.Tx) error {
		events = 0
		applied := tx.Bucket(bucketApplied)
		// The log is in apply order, so the old events are its first entries.
		c := tx.Bucket(bucketEvents).Cursor()
		for _, v := c.First(); v != nil && events < batch; _, v = c.First() {
			var ev struct {
				Key string `json:"key"`
			}
			if err := json.Unmarshal(v, &ev); err != nil {
				return fmt.Errorf("decode applied event: %w", err)
			}
			if rv := applied.Get([]byte(ev.Key)); rv != nil {
				rec, err := decodeApplied(rv)
				if err != nil {
					return fmt.Errorf("decode applied record of %s: %w", ev.Key, err)
				}
				if !rec.AppliedAt.Before(before) {
					break
				}
			}
			if err := c.Delete(); err != nil {
				return fmt.Errorf("delete event: %w", err)
			}
			if err := applied.Delete([]byte(ev.Key)); err != nil {
				return fmt.Errorf("delete applied key: %w", err)
			}
			events++
		}
		return nil
	})
	if err != nil {
		return events, 0, err
	}
	err = b.db.Update(func(tx *bolt.Tx) error {
		days = 0
		bucket := tx.Bucket(bucketDays)
		var old [][]byte
		err := bucket.ForEach(func(k, _ []byte) error {
			if i := bytes.IndexByte(k, 0); i >= 0 && string(k[i+1:]) < day && len(old) < batch {
				old = append(old, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := bucket.Delete(k); err != nil {
				return fmt.Errorf("delete day: %w", err)
			}
		}
		days = len(old)
		return nil
	})
	return events, days, err
}
