package central

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// openKioskDB opens (or makes) the kiosk database in dir as kioskID, quietly.
func openKioskDB(t testing.TB, dir, kioskID string) *storage.DB {
	t.Helper()
	db, err := storage.Open(filepath.Join(dir, "kiosk.db"), storage.Options{KioskID: kioskID, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// damageEntry overwrites the stored bytes of outbox entry seq in the closed database at
// path, as a bad sector or a bug in an older release might have left them.
func damageEntry(t testing.TB, path string, seq uint64, raw []byte) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("outbox"))
		key := binary.BigEndian.AppendUint64(nil, seq)
		if b.Get(key) == nil {
			return errors.New("no such entry")
		}
		return b.Put(key, raw)
	})
	if err != nil {
		t.Fatalf("damage outbox entry %d: %v", seq, err)
	}
}

// TestSyncQuarantinesUndecodableEntry: one entry in the middle of the outbox cannot be
// decoded. It must not hold back the others: they are delivered, it is kept as a dead
// letter with its bytes, and the sync says so.
func TestSyncQuarantinesUndecodableEntry(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	k := newKioskOn(t, openKioskDB(t, dir, testKioskID), url, Options{}, SyncOptions{Batch: 2})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := k.walkIns(t, 5)
	pending, err := k.db.PendingEvents(0)
	if err != nil || k.db.Close() != nil {
		t.Fatal(err)
	}
	garbage := []byte(`{"key":"` + keys[2] + `","event":{"kind":`) // cut short
	damageEntry(t, filepath.Join(dir, "kiosk.db"), pending[2].Seq, garbage)

	db := openKioskDB(t, dir, testKioskID)
	defer db.Close()
	k = newKioskOn(t, db, url, Options{}, SyncOptions{Batch: 2})
	rep, err := k.sync.Sync(context.Background())
	if err != nil {
		t.Fatalf("sync with a damaged entry: %v", err)
	}
	if rep.Applied != 4 || rep.DeadLettered != 1 || rep.Pending != 0 || rep.Dead != 1 {
		t.Errorf("report %+v, want 4 applied and 1 dead-lettered", rep)
	}
	delivered := slices.Delete(slices.Clone(keys), 2, 3)
	for _, key := range keys {
		n, err := srv.EventCount(key)
		if want := map[bool]int{true: 1, false: 0}[slices.Contains(delivered, key)]; err != nil || n != want {
			t.Errorf("%s applied %d times (%v), want %d", key, n, err, want)
		}
	}
	dead, err := db.DeadLetters()
	if err != nil || len(dead) != 1 || dead[0].Seq != pending[2].Seq || string(dead[0].Raw) != string(garbage) || dead[0].Reason == "" {
		t.Fatalf("dead letters %+v, %v; want entry %d with its bytes", dead, err, pending[2].Seq)
	}
}

// TestSyncKeepsEventsOfAnotherKiosk: events made under one kiosk id, a client speaking
// for another. The server would refuse them as another kiosk's, for good; the sync must
// keep them and fail, saying which ids.
func TestSyncKeepsEventsOfAnotherKiosk(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	k := newKioskOn(t, openKioskDB(t, dir, "old-host"), url, Options{}, SyncOptions{})
	defer k.db.Close()
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	keys := k.walkIns(t, 3)
	rep, err := k.sync.Sync(context.Background()) // the client is testKioskID's
	if !errors.Is(err, ErrOtherKiosk) {
		t.Fatalf("Sync = %+v, %v; want ErrOtherKiosk", rep, err)
	}
	if rep.Pending != 3 || rep.Dead != 0 || rep.DeadLettered != 0 {
		t.Errorf("report %+v, want the 3 events kept pending", rep)
	}
	for _, key := range keys {
		if n, _ := srv.EventCount(key); n != 0 {
			t.Errorf("%s reached the server %d times", key, n)
		}
	}
	if st := k.sync.Status(); !st.Online || st.LastError == "" {
		t.Errorf("status %+v: want online with the error shown", st)
	}
}

// damageRecent overwrites the outbox entry back places before the newest (0: the newest) in
// the closed database at path, and returns its sequence and the ticket its event was for.
func damageRecent(t testing.TB, path string, back int, raw []byte) (uint64, booking.Ticket) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var seq uint64
	var rec struct {
		Event booking.Event `json:"event"`
	}
	err = bdb.View(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte("outbox")).Cursor()
		k, v := c.Last()
		for range back {
			k, v = c.Prev()
		}
		if k == nil {
			return errors.New("too few entries")
		}
		seq = binary.BigEndian.Uint64(k)
		return json.Unmarshal(v, &rec)
	})
	if cerr := bdb.Close(); err != nil || cerr != nil {
		t.Fatalf("read outbox entry %d from the newest: %v, %v", back, err, cerr)
	}
	damageEntry(t, path, seq, raw)
	return seq, rec.Event.Ticket
}
