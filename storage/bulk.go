package storage

import (
	"bytes"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// bulkWriter collects the puts of a large transaction and applies them bucket by bucket in
// key order. bbolt keeps every key a transaction inserts into one in-memory node until the
// commit splits it, so inserting 100 000 keys out of order moves the node's tail on each
// insert (quadratic: ~10 s for one day of appointments); in order, each insert appends.
type bulkWriter struct {
	buckets   [][]byte
	entries   map[string][]kv
	perBucket int // expected entries per bucket, so a day's lists are allocated once
}

type kv struct{ k, v []byte }

// newBulkWriter makes a writer for about perBucket entries in each bucket. Growing the lists
// by appending instead cost a 100 000-appointment day ~100 MB of copies.
func newBulkWriter(perBucket int) *bulkWriter {
	return &bulkWriter{entries: map[string][]kv{}, perBucket: perBucket}
}

func (w *bulkWriter) put(bucket, k, v []byte) {
	name := string(bucket)
	if _, ok := w.entries[name]; !ok {
		w.buckets = append(w.buckets, bucket)
		w.entries[name] = make([]kv, 0, w.perBucket)
	}
	w.entries[name] = append(w.entries[name], kv{k, v})
}

// flush writes the queued entries; for equal keys the one queued last wins.
func (w *bulkWriter) flush(tx *bolt.Tx) error {
	for _, name := range w.buckets {
		entries := w.entries[string(name)]
		slices.SortStableFunc(entries, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
		b := tx.Bucket(name)
		// Appending in order: fuller pages make a smaller file, and later random
		// inserts split them as needed.
		b.FillPercent = 0.9
		for _, e := range entries {
			if e.v == nil {
				e.v = []byte{}
			}
			if err := b.Put(e.k, e.v); err != nil {
				return fmt.Errorf("put %s/%x: %w", name, e.k, err)
			}
		}
	}
	return nil
}
