package storage

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// testDocNumber is distinctive so that the raw-file test can search for it.
const testDocNumber = "QX7410852"

// auditRec makes the i-th record of a test trail: an identity check, every field set.
func auditRec(i int) booking.AuditRecord {
	return booking.AuditRecord{
		Action: booking.AuditIdentityCheck, At: time.Date(2026, 11, 25, 10, 0, i, 1000*i, cet),
		Staff: "S1042", Counter: "Skranke 3", Ticket: fmt.Sprintf("A%03d", i),
		DocumentType: "passport", IssuingState: "DNK", DocumentNumber: testDocNumber,
		Method: booking.MethodChip, Verdict: booking.VerdictGenuine,
		Evidence: "PACE; passive: valid; active: valid; chip: not-supported", Outcome: "confirmed",
	}
}

func appendN(t testing.TB, db *DB, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		if err := db.AppendAudit(auditRec(i)); err != nil {
			t.Fatalf("AppendAudit(%d): %v", i, err)
		}
	}
}

// wantBreak asserts that VerifyAudit names record seq with a problem containing what.
func wantBreak(t *testing.T, db *DB, seq uint64, what string) {
	t.Helper()
	n, err := db.VerifyAudit()
	var be *AuditBreakError
	if !errors.Is(err, ErrAuditBroken) || !errors.As(err, &be) {
		t.Fatalf("VerifyAudit = %d, %v; want a break at record %d", n, err, seq)
	}
	if be.Seq != seq || !strings.Contains(be.Problem, what) {
		t.Fatalf("VerifyAudit named record %d: %q; want record %d: %q", be.Seq, be.Problem, seq, what)
	}
	if strings.Contains(err.Error(), testDocNumber) {
		t.Fatalf("the break's message holds the document number: %v", err)
	}
}

// rawAudit edits the audit bucket and meta directly, as someone with the file would.
func rawAudit(t *testing.T, db *DB, fn func(audit, meta *bolt.Bucket) error) {
	t.Helper()
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		return fn(tx.Bucket(bucketAudit), tx.Bucket(bucketMeta))
	}); err != nil {
		t.Fatal(err)
	}
}

// forge reseals record seq with a changed verdict under the database's own key, as an
// attacker holding the key file could. With rehash it also recomputes the record's hash.
func forge(t *testing.T, db *DB, seq uint64, rehash bool) func(audit, meta *bolt.Bucket) error {
	return func(audit, meta *bolt.Bucket) error {
		key := u64(seq)
		prev, hash, _, err := splitAuditValue(audit.Get(key))
		if err != nil {
			return err
		}
		r := auditRec(int(seq) - 1)
		r.Verdict, r.Outcome = booking.VerdictNotGenuine, "blocked"
		body, _ := json.Marshal(r)
		if rehash {
			s := db.keys.auditSummary(r)
			s.Seq, s.Prev = seq, prev
			hash = s.ChainHash()
		}
		return audit.Put(key, encodeAuditValue(bytes.Clone(prev), bytes.Clone(hash), db.keys.seal(bucketAudit, key, body)))
	}
}

func TestAuditTamperDetection(t *testing.T) {
	flip := func(seq uint64, at func(n int) int) func(*testing.T, *DB) func(a, m *bolt.Bucket) error {
		return func(_ *testing.T, _ *DB) func(a, m *bolt.Bucket) error {
			return func(a, _ *bolt.Bucket) error {
				v := bytes.Clone(a.Get(u64(seq)))
				v[at(len(v))] ^= 0x01
				return a.Put(u64(seq), v)
			}
		}
	}
	tests := []struct {
		name   string
		tamper func(*testing.T, *DB) func(audit, meta *bolt.Bucket) error
		seq    uint64
		what   string
	}{
		{"a byte of the sealed body", flip(3, func(n int) int { return n - 20 }), 3, "sealed body"},
		{"a byte of the stored hash", flip(3, func(int) int { return 1 + AuditHashSize + 4 }), 3, "do not match its hash"},
		{"a byte of the stored link", flip(3, func(int) int { return 1 + 4 }), 3, "do not match its hash"},
		{"the layout version", flip(2, func(int) int { return 0 }), 2, "layout"},
		{"one record deleted", func(*testing.T, *DB) func(a, m *bolt.Bucket) error {
			return func(a, _ *bolt.Bucket) error { return a.Delete(u64(3)) }
		}, 3, "missing"},
		{"two records swapped", func(*testing.T, *DB) func(a, m *bolt.Bucket) error {
			return func(a, _ *bolt.Bucket) error {
				v2, v4 := bytes.Clone(a.Get(u64(2))), bytes.Clone(a.Get(u64(4)))
				if err := a.Put(u64(2), v4); err != nil {
					return err
				}
				return a.Put(u64(4), v2)
			}
		}, 2, "sealed body"},
		{"the tail cut off", func(*testing.T, *DB) func(a, m *bolt.Bucket) error {
			return func(a, _ *bolt.Bucket) error {
				if err := a.Delete(u64(5)); err != nil {
					return err
				}
				return a.Delete(u64(4))
			}
		}, 4, "head says there are 5"},
		{"the head removed", func(*testing.T, *DB) func(a, m *bolt.Bucket) error {
			return func(_, m *bolt.Bucket) error { return m.Delete(metaAuditHead) }
		}, 1, "beyond the chain's head"},
		{"a record resealed with other contents", func(t *testing.T, db *DB) func(a, m *bolt.Bucket) error {
			return forge(t, db, 3, false)
		}, 3, "do not match its hash"},
		{"a record resealed and rehashed", func(t *testing.T, db *DB) func(a, m *bolt.Bucket) error {
			return forge(t, db, 3, true)
		}, 4, "link does not match record 3"},
		{"the last record resealed and rehashed", func(t *testing.T, db *DB) func(a, m *bolt.Bucket) error {
			return forge(t, db, 5, true)
		}, 5, "head remembers"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := mustOpen(t)
			appendN(t, db, 0, 5)
			if n, err := db.VerifyAudit(); n != 5 || err != nil {
				t.Fatalf("VerifyAudit before tampering = %d, %v", n, err)
			}
			rawAudit(t, db, tc.tamper(t, db))
			wantBreak(t, db, tc.seq, tc.what)
		})
	}
}

// TestAuditEveryByteCounts flips each byte of a stored record in turn: every change must
// break the chain at that record.
func TestAuditEveryByteCounts(t *testing.T) {
	db := mustOpen(t)
	db.bolt.NoSync = true // hundreds of small commits; durability is not under test
	appendN(t, db, 0, 3)
	var orig []byte
	_ = db.bolt.View(func(tx *bolt.Tx) error { orig = bytes.Clone(tx.Bucket(bucketAudit).Get(u64(2))); return nil })
	for i := range orig {
		v := bytes.Clone(orig)
		v[i] ^= 0x80
		rawAudit(t, db, func(a, _ *bolt.Bucket) error { return a.Put(u64(2), v) })
		_, err := db.VerifyAudit()
		var be *AuditBreakError
		if !errors.As(err, &be) || be.Seq != 2 {
			t.Fatalf("byte %d of %d changed: VerifyAudit = %v, want a break at record 2", i, len(orig), err)
		}
	}
	rawAudit(t, db, func(a, _ *bolt.Bucket) error { return a.Put(u64(2), orig) })
	if n, err := db.VerifyAudit(); n != 3 || err != nil {
		t.Fatalf("VerifyAudit after restoring = %d, %v", n, err)
	}
}

func TestAuditChainAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := Open(path, Options{KioskID: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, db, 0, 3)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path)
	appendN(t, db, 3, 2)
	if n, err := db.VerifyAudit(); n != 5 || err != nil {
		t.Fatalf("VerifyAudit after a restart = %d, %v; want 5 records, chain OK", n, err)
	}
	sums := auditOutbox(t, db)
	if len(sums) != 5 {
		t.Fatalf("the outbox holds %d audit events, want 5", len(sums))
	}
	prev := make([]byte, AuditHashSize)
	for i, s := range sums {
		if s.Seq != uint64(i+1) || !bytes.Equal(s.Prev, prev) || !bytes.Equal(s.Hash, s.ChainHash()) {
			t.Fatalf("outbox audit event %d: seq %d, link or hash wrong", i, s.Seq)
		}
		prev = s.Hash
	}
}

// auditOutbox returns the audit summaries waiting in the outbox, in outbox order.
func auditOutbox(t *testing.T, db *DB) []AuditSummary {
	t.Helper()
	entries, err := db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	var out []AuditSummary
	for _, e := range entries {
		if e.Event.Kind == EventAudit {
			if e.Audit == nil {
				t.Fatalf("outbox entry %d is an audit event without its summary", e.Seq)
			}
			out = append(out, *e.Audit)
		}
	}
	return out
}

func TestAuditConcurrentAppends(t *testing.T) {
	db := mustOpen(t)
	const workers, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if err := db.AppendAudit(auditRec(w*each + i)); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n, err := db.VerifyAudit(); n != workers*each || err != nil {
		t.Fatalf("VerifyAudit = %d, %v; want %d records, chain OK", n, err, workers*each)
	}
	// The outbox carries the chain in order, so central receives each link after its parent.
	for i, s := range auditOutbox(t, db) {
		if s.Seq != uint64(i+1) {
			t.Fatalf("outbox audit event %d has sequence %d", i, s.Seq)
		}
	}
}

func TestAppendAuditRefusesBadInput(t *testing.T) {
	db := mustOpen(t)
	appendN(t, db, 0, 1)
	edit := func(f func(*booking.AuditRecord)) booking.AuditRecord {
		r := auditRec(9)
		f(&r)
		return r
	}
	for name, r := range map[string]booking.AuditRecord{
		"no action":       edit(func(r *booking.AuditRecord) { r.Action = "" }),
		"unknown action":  edit(func(r *booking.AuditRecord) { r.Action = "lunch" }),
		"no time":         edit(func(r *booking.AuditRecord) { r.At = time.Time{} }),
		"no staff":        edit(func(r *booking.AuditRecord) { r.Staff = "" }),
		"unknown method":  edit(func(r *booking.AuditRecord) { r.Method = "sniff" }),
		"unknown verdict": edit(func(r *booking.AuditRecord) { r.Verdict = "fine" }),
		"long evidence":   edit(func(r *booking.AuditRecord) { r.Evidence = strings.Repeat("x", maxAuditText+1) }),
		"control in reason": edit(func(r *booking.AuditRecord) {
			r.Reason = "expired\n" + testDocNumber
		}),
		"invalid UTF-8 number": edit(func(r *booking.AuditRecord) { r.DocumentNumber = "\xff\xfe" }),
	} {
		err := db.AppendAudit(r)
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: AppendAudit = %v, want ErrInvalidInput", name, err)
		}
		if err != nil && strings.Contains(err.Error(), testDocNumber) {
			t.Errorf("%s: the error holds the document number: %v", name, err)
		}
	}
	if n, err := db.VerifyAudit(); n != 1 || err != nil {
		t.Fatalf("VerifyAudit after refusals = %d, %v; want the 1 good record", n, err)
	}
	if got := len(auditOutbox(t, db)); got != 1 {
		t.Fatalf("the outbox holds %d audit events, want 1", got)
	}
}

// TestAuditFileHoldsNoDocumentNumber searches the closed file for the document number and
// the free text, which are sealed, and for the summary's tag, which goes to central.
func TestAuditFileHoldsNoDocumentNumber(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, db, 0, 3)
	sums := auditOutbox(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{testDocNumber, "Skranke 3", "passive: valid", sums[0].DocumentTag} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the database file contains %q in clear", s)
		}
	}
	if sums[0].DocumentTag == "" || strings.Contains(sums[0].DocumentTag, testDocNumber) {
		t.Fatalf("summary's document tag %q", sums[0].DocumentTag)
	}
	// Control: the head's key is in clear, so the search reads the real file.
	if !bytes.Contains(raw, []byte("audit-head")) {
		t.Fatal("the file does not contain the audit head's key: the search proves nothing")
	}
}

// FuzzOpenAuditRecord feeds stored audit values, real and mangled, to the decoder that
// VerifyAudit runs: it must return an error, never panic, and never accept a value that
// was not sealed by this database under that key.
func FuzzOpenAuditRecord(f *testing.F) {
	db := mustOpen(f)
	appendN(f, db, 0, 2)
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
			f.Add(bytes.Clone(k), bytes.Clone(v))
			return nil
		})
	})
	f.Add([]byte{}, []byte{})
	f.Add(u64(1), []byte{auditRecordV1})
	f.Fuzz(func(t *testing.T, key, v []byte) {
		s, err := db.openAuditRecord(key, v)
		if err != nil {
			return
		}
		if len(s.Prev) != AuditHashSize || len(s.Hash) != AuditHashSize || s.Seq != binary.BigEndian.Uint64(key) {
			t.Fatalf("opened a record with link %d bytes, hash %d bytes, seq %d", len(s.Prev), len(s.Hash), s.Seq)
		}
		_, _ = decodeAuditHead(v)
	})
}
