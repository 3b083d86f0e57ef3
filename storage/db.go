package storage

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// Options configure Open. The zero Options are usable.
type Options struct {
	// Timeout bounds the wait for the file lock held by another process; after it Open
	// returns ErrLocked. Zero means 2 s; it is never unbounded, so a second kiosk instance
	// fails fast instead of hanging at start-up.
	Timeout time.Duration
	// KeyFile is the sealing key; default seal.key in the database's directory. It is
	// created (32 random bytes, mode 0600) only while the database holds nothing sealed.
	KeyFile string
	// KioskID prefixes the outbox's idempotency keys ("KIOSK-ID/SEQUENCE"); default "kiosk".
	KioskID string
	// Clock stamps outbox entries and dead letters; default booking.SystemClock.
	Clock booking.Clock
	// Logger receives the warning when Open tightens permissions; default slog.Default().
	Logger *slog.Logger
}

// DB is the kiosk's database. It is safe for concurrent use; bbolt serialises writers.
type DB struct {
	bolt    *bolt.DB
	path    string
	keys    *keyring
	kioskID string
	clock   booking.Clock
}

// The booking engine talks to storage only through its Store interface.
var _ booking.Store = (*DB)(nil)

// Open opens the database at path, creating it (and its key file) if it does not exist,
// and brings its schema up to date in one transaction. A file that exists but cannot be
// trusted is never modified: Open returns a *CorruptError, ErrSchemaTooNew or a *KeyError.
// A file that is missing or empty beside an existing key file is a *LostError, not a new
// database. Outbox events of another kiosk id are a *RenameError. The data directory, the
// database and the key file are made private to their owner, with a warning, if they were
// not; a *PermissionError if that fails.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * time.Second
	}
	if opts.KeyFile == "" {
		opts.KeyFile = filepath.Join(filepath.Dir(path), "seal.key")
	}
	if opts.KioskID == "" {
		opts.KioskID = "kiosk"
	}
	if opts.Clock == nil {
		opts.Clock = booking.SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if err := checkFiles(path, opts.KeyFile, opts.Logger); err != nil {
		return nil, err
	}
	db := &DB{path: path, kioskID: opts.KioskID, clock: opts.Clock}

	// bbolt reads the file's meta pages and freelist while opening; on a damaged file it
	// may panic or fault on the memory map, so that too runs guarded.
	err := db.guard("open", func() error {
		var err error
		db.bolt, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, InitialMmapSize: initialMmapSize(path)})
		return err
	})
	if err != nil {
		return nil, db.classifyOpenError(err, opts.Timeout)
	}
	if err := db.prepare(opts.KeyFile); err != nil {
		_ = db.bolt.Close()
		return nil, err
	}
	if err := db.checkOutboxOwner(); err != nil {
		_ = db.bolt.Close()
		return nil, err
	}
	return db, nil
}

// classifyOpenError turns bbolt's open errors into ours: a held lock into ErrLocked, an
// operating-system failure (permissions, missing directory) into a plain wrapped error,
// and anything bbolt found wrong with the file's contents into a *CorruptError.
func (db *DB) classifyOpenError(err error, timeout time.Duration) error {
	var corrupt *CorruptError
	var pathErr *fs.PathError
	var errno syscall.Errno
	switch {
	case errors.As(err, &corrupt):
		return err
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("open %s: %w (waited %s)", db.path, ErrLocked, timeout)
	case errors.As(err, &pathErr), errors.As(err, &errno):
		return fmt.Errorf("open database %s: %w", db.path, err)
	default:
		return &CorruptError{Path: db.path, Err: err}
	}
}

// prepare checks the opened file before anything writes to it, binds the sealing key, and
// runs the migrations.
func (db *DB) prepare(keyFile string) error {
	var version uint64
	var check []byte
	err := db.view("check database", func(tx *bolt.Tx) error {
		// A file cut short keeps valid meta pages but loses pages they point to; reading
		// those would fault, so compare the high-water mark with the file's length first.
		info, err := os.Stat(db.path)
		if err != nil {
			return fmt.Errorf("stat: %w", err)
		}
		if tx.Size() > info.Size() {
			return &CorruptError{Path: db.path, Err: fmt.Errorf("file is %d bytes, its pages reach %d: truncated", info.Size(), tx.Size())}
		}
		// A full consistency walk costs ~20 ms on a day of 100 000 appointments and finds
		// damaged pages now, with a clear message, instead of at a citizen's check-in.
		// (It runs on bbolt's own goroutine, which recovers panics; faults cannot happen
		// once the size check above has passed.)
		// The channel must be drained: bbolt's checker blocks on each send and reads the
		// transaction's pages until it ends.
		var damage []error
		for err := range tx.Check() {
			damage = append(damage, err)
		}
		if len(damage) > 0 {
			return &CorruptError{Path: db.path, Err: fmt.Errorf("consistency check found %d problems, first: %w", len(damage), damage[0])}
		}
		version, err = schemaVersion(tx)
		if err != nil {
			return &CorruptError{Path: db.path, Err: err}
		}
		if m := tx.Bucket(bucketMeta); m != nil {
			check = bytes.Clone(m.Get(metaKeyCheck))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if version > latestVersion() {
		return fmt.Errorf("open %s: %w (file has version %d, this program knows up to %d)", db.path, ErrSchemaTooNew, version, latestVersion())
	}

	master, err := readKeyFile(keyFile)
	switch {
	case errors.Is(err, ErrKeyMissing) && check == nil:
		// Nothing in the file was sealed or indexed with a key yet: the database is new
		// (or from before sealing), so a new key cannot orphan anything.
		master, err = db.makeKey(keyFile)
	case err == nil && version == 0:
		// makeKey commits the schema before it writes the key file, so a key beside a file
		// without one means the file was replaced by a blank one, not a first start cut short.
		return &LostError{Path: db.path, KeyFile: keyFile, Blank: true}
	}
	if err != nil {
		return err
	}
	db.keys, err = newKeyring(master)
	if err != nil {
		return err
	}
	if check != nil && subtle.ConstantTimeCompare(check, db.keys.check) != 1 {
		return &KeyError{Path: keyFile, Err: ErrKeyMismatch}
	}
	if version == latestVersion() && check != nil {
		return nil // nothing to write: opening a current database leaves it as it was
	}
	return db.update("migrate", func(tx *bolt.Tx) error {
		if err := migrate(tx, migrations, db.keys); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaKeyCheck, db.keys.check)
	})
}

// makeKey makes the sealing key of a new database. The schema is committed first and the
// key file written after, so that every key file stands beside a database with a schema and
// Open can tell a blank file from its own first start cut short. A cut between the two
// leaves a schema without a key check and no key file, which the next Open completes.
func (db *DB) makeKey(keyFile string) ([]byte, error) {
	master := make([]byte, keySize)
	// crypto/rand.Read never fails on supported platforms (Go 1.24+); it crashes instead.
	_, _ = rand.Read(master)
	keys, err := newKeyring(master)
	if err != nil {
		return nil, err
	}
	if err := db.update("migrate", func(tx *bolt.Tx) error { return migrate(tx, migrations, keys) }); err != nil {
		return nil, err
	}
	if err := createKeyFile(keyFile, master); err != nil {
		return nil, err
	}
	return master, nil
}

// Close releases the file and its lock.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// guard runs fn and turns a panic or a memory fault inside it into a *CorruptError. bbolt
// trusts the page structure of its file; on a damaged file it panics (or faults reading past
// the end of the map) instead of returning an error, and the kiosk must not crash on that.
func (db *DB) guard(op string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &CorruptError{Path: db.path, Err: fmt.Errorf("%s: %v", op, r)}
		}
	}()
	return fn()
}

// view runs fn in a read transaction, guarded, with op as the error's context.
func (db *DB) view(op string, fn func(*bolt.Tx) error) error {
	err := db.guard(op, func() error { return db.bolt.View(fn) })
	return wrapOp(op, err)
}

// update runs fn in a write transaction, guarded, with op as the error's context. The
// transaction commits (and syncs) only if fn returns nil.
func (db *DB) update(op string, fn func(*bolt.Tx) error) error {
	err := db.guard(op, func() error { return db.bolt.Update(fn) })
	return wrapOp(op, err)
}

// wrapOp adds context, except to a *CorruptError, whose message already says what to do.
func wrapOp(op string, err error) error {
	var corrupt *CorruptError
	if err == nil || errors.As(err, &corrupt) {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// corrupt reports undecodable contents found in the open database.
func (db *DB) corrupt(format string, args ...any) error {
	return &CorruptError{Path: db.path, Err: fmt.Errorf(format, args...)}
}

// minMmapSize is the least address space mapped for the file: room for a day of 100 000
// appointments (53 MiB) while ReplaceDay writes the next one beside it.
const minMmapSize = 256 << 20

// initialMmapSize maps more than the file holds so that a large write transaction does not
// outgrow the map. When it does, bbolt remaps inside the commit and first copies every key
// and value the transaction touched onto the heap (node.dereference): 1.7 of the 4.2 GB a
// 100 000-appointment pull allocated. Mapping is address space, not memory; pages are read
// in as they are used.
func initialMmapSize(path string) int {
	size := int64(0)
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	return int(max(minMmapSize, 4*size))
}
