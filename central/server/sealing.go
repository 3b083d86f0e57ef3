package server

import (
	"bytes"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/internal/seal"
)

// sealLabel names this server's layout of sealed values; see seal.New.
const sealLabel = "citizenkiosk/centrald/v1"

var metaKeyCheck = []byte("key-check")

// fileState is what setup reads before it writes anything.
type fileState struct {
	version uint64
	check   []byte // nil until something was sealed under a key
}

func readState(tx *bolt.Tx) (fileState, error) {
	var st fileState
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return st, nil
	}
	if v := meta.Get(metaSchema); v != nil {
		if len(v) != 8 {
			return st, fmt.Errorf("schema version of %d bytes", len(v))
		}
		st.version = binary.BigEndian.Uint64(v)
	}
	st.check = bytes.Clone(meta.Get(metaKeyCheck))
	return st, nil
}

// loadSealer reads the key file, or makes one while the database holds nothing sealed: a
// new key then orphans nothing. A database that was sealed refuses a missing key file and
// a key file of another database (ErrKeyMismatch) instead of sealing with a second key.
func loadSealer(keyFile string, check []byte) (*seal.Sealer, error) {
	master, err := seal.ReadKeyFile(keyFile)
	if errors.Is(err, seal.ErrKeyMissing) && check == nil {
		master, err = seal.CreateKeyFile(keyFile)
	}
	if err != nil {
		return nil, fmt.Errorf("sealing key: %w", err)
	}
	s, err := seal.New(master, sealLabel)
	if err != nil {
		return nil, fmt.Errorf("sealing key %s: %w", keyFile, err)
	}
	if check != nil && subtle.ConstantTimeCompare(check, s.Check()) != 1 {
		return nil, fmt.Errorf("sealing key %s: %w", keyFile, ErrKeyMismatch)
	}
	return s, nil
}

// sealDays seals every day a schema-1 file kept in clear. It reports whether it sealed
// anything: the clear bodies then linger on freed pages until the file is compacted.
func sealDays(tx *bolt.Tx, s *seal.Sealer) (bool, error) {
	days := tx.Bucket(bucketDays)
	type kv struct{ k, v []byte }
	var all []kv
	err := days.ForEach(func(k, v []byte) error {
		all = append(all, kv{bytes.Clone(k), s.Seal(sealAD(bucketDays, k), v)})
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("read days to seal: %w", err)
	}
	for _, e := range all {
		if err := days.Put(e.k, e.v); err != nil {
			return false, fmt.Errorf("seal day: %w", err)
		}
	}
	return len(all) > 0, nil
}

// sealAD binds a sealed value to its bucket and key, so a day's body copied under another
// site or day fails to open.
func sealAD(bucket, key []byte) []byte { return seal.AD(bucket, key) }

// compact rewrites the file without its free pages, so that values written in clear before
// sealing are gone from the disk, not only from the tree. It copies into a new file beside
// the old one and renames it into place; a crash leaves the old file whole.
func compact(db *bolt.DB, opts *bolt.Options) (*bolt.DB, error) {
	path := db.Path()
	tmp := path + ".compact"
	_ = os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, opts)
	if err != nil {
		return db, fmt.Errorf("compact: %w", err)
	}
	if err := bolt.Compact(dst, db, 0); err != nil {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return db, fmt.Errorf("compact: %w", err)
	}
	if err := dst.Close(); err != nil {
		_ = os.Remove(tmp)
		return db, fmt.Errorf("compact: %w", err)
	}
	if err := db.Close(); err != nil {
		return nil, fmt.Errorf("compact: close: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("compact: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return bolt.Open(path, 0o600, opts)
}
