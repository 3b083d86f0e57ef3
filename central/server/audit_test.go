package server

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// auditChain makes n consecutive audit events of kiosk, linked as a kiosk links them,
// with idempotency keys from firstKey on.
func auditChain(kiosk string, n int, firstKey uint64) []api.Event {
	prev := make([]byte, storage.AuditHashSize)
	out := make([]api.Event, n)
	for i := range out {
		a := &api.AuditEvent{
			Sequence: uint64(i + 1), PrevHash: hex.EncodeToString(prev), Action: api.AuditIdentityCheck,
			At: testNow.Add(time.Duration(i) * time.Minute), Staff: "S1042", Counter: "3", Ticket: "A042",
			DocumentType: "passport", IssuingState: "DNK", DocumentTag: strings.Repeat("ab", 32),
			Method: "chip", Verdict: "genuine", Evidence: "PACE; passive: valid", Outcome: "confirmed",
		}
		rehash(a)
		prev = api.HashBytes(a.Hash)
		out[i] = api.Event{Key: api.MakeKey(kiosk, firstKey+uint64(i)), Kind: api.KindAudit, At: a.At, Audit: a}
	}
	return out
}

// rehash sets a's hash to what its contents and link hash to, as a forger would.
func rehash(a *api.AuditEvent) { a.Hash = hex.EncodeToString(auditSummary(a).ChainHash()) }

func chainOf(t *testing.T, h *harness, kiosk string) AuditChain {
	t.Helper()
	chains, err := h.srv.AuditChains()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chains {
		if c.Kiosk == kiosk {
			return c
		}
	}
	t.Fatalf("no audit chain of %s among %d", kiosk, len(chains))
	return AuditChain{}
}

func wantStatuses(t *testing.T, got []api.EventResult, want ...string) {
	t.Helper()
	for i, w := range want {
		if got[i].Status != w {
			t.Errorf("event %d: %+v, want %s", i, got[i], w)
		}
	}
}

func TestAuditChainKeptAcrossPushesAndRestart(t *testing.T) {
	h := newHarness(t)
	evs := auditChain("k1", 5, 100)
	wantStatuses(t, h.push(api.PushRequest{KioskID: "k1", Events: evs[:3]}), "applied", "applied", "applied")
	h.restart()
	// A replay of the first batch (an answer lost) and the rest of the chain.
	wantStatuses(t, h.push(api.PushRequest{KioskID: "k1", Events: evs}), "duplicate", "duplicate", "duplicate", "applied", "applied")
	// The same record under a new key (an outbox entry written twice) is still a duplicate.
	again := evs[4]
	again.Key = api.MakeKey("k1", 999)
	wantStatuses(t, h.push(api.PushRequest{KioskID: "k1", Events: []api.Event{again}}), "duplicate")
	c := chainOf(t, h, "k1")
	if !c.OK() || c.Records != 5 || c.Head != 5 {
		t.Fatalf("chain %+v, want 5 records, OK", c)
	}
	for _, ev := range evs {
		if n, err := h.srv.EventCount(ev.Key); err != nil || n != 1 {
			t.Fatalf("event %s held %d times (%v), want once", ev.Key, n, err)
		}
	}
}

func TestAuditGapRecordedAndReported(t *testing.T) {
	h := newHarness(t)
	evs := auditChain("k1", 4, 1)
	wantStatuses(t, h.push(api.PushRequest{KioskID: "k1", Events: []api.Event{evs[0], evs[1], evs[3]}}), "applied", "applied", "applied")
	c := chainOf(t, h, "k1")
	if c.Broken != 3 || !strings.Contains(c.Problem, "missing") || len(c.Breaks) != 1 || c.Breaks[0].Seq != 4 ||
		!strings.Contains(c.Breaks[0].Problem, "gap") {
		t.Fatalf("chain %+v, want record 3 missing and a gap recorded at 4", c)
	}
	// The missing record arrives late: the chain holds again, but the gap stays on record.
	wantStatuses(t, h.push(api.PushRequest{KioskID: "k1", Events: []api.Event{evs[2]}}), "applied")
	if c := chainOf(t, h, "k1"); c.Broken != 0 || c.Records != 4 || len(c.Breaks) != 1 || c.OK() {
		t.Fatalf("chain %+v, want 4 records holding and the gap still reported", c)
	}
}

func TestAuditForgeriesRefusedOrReported(t *testing.T) {
	h := newHarness(t)
	evs := auditChain("k1", 3, 1)
	wantStatuses(t, h.push(api.PushRequest{KioskID: "k1", Events: evs[:2]}), "applied", "applied")

	changed := *evs[2].Audit // contents changed, hash left as it was
	changed.Verdict = "not-genuine"
	forgedLink := *evs[2].Audit // a consistent record that links to something else
	forgedLink.PrevHash = strings.Repeat("0f", 32)
	rehash(&forgedLink)
	other := *evs[1].Audit // another record under a sequence already held
	other.Outcome = "blocked"
	rehash(&other)
	res := h.push(api.PushRequest{KioskID: "k1", Events: []api.Event{
		{Key: "k1/10", Kind: api.KindAudit, At: testNow, Audit: &changed},
		{Key: "k1/11", Kind: api.KindAudit, At: testNow, Audit: &other},
		{Key: "k1/12", Kind: api.KindAudit, At: testNow, Audit: &forgedLink},
	}})
	wantStatuses(t, res, "rejected", "rejected", "applied")
	if res[0].Reason != ReasonAuditHash || !strings.Contains(res[1].Reason, "sequence is held") {
		t.Errorf("reasons %q, %q", res[0].Reason, res[1].Reason)
	}
	c := chainOf(t, h, "k1")
	if c.Broken != 3 || !strings.Contains(c.Problem, "link does not match record 2") || len(c.Breaks) != 2 {
		t.Fatalf("chain %+v, want record 3's link broken and two breaks recorded", c)
	}
	if n, _ := h.srv.EventCount("k1/10"); n != 0 {
		t.Error("an audit record whose hash does not match was stored")
	}
}

// TestAuditVerifyFindsTamperingInTheServerFile edits the stored chain as someone with the
// server's file could.
func TestAuditVerifyFindsTamperingInTheServerFile(t *testing.T) {
	for name, tc := range map[string]struct {
		edit   func(chain *bolt.Bucket) error
		broken uint64
		what   string
	}{
		"a record changed": {func(b *bolt.Bucket) error {
			var a api.AuditEvent
			_ = json.Unmarshal(b.Get(auditKey("k1", 2)), &a)
			a.Staff = "S9999"
			v, _ := json.Marshal(a)
			return b.Put(auditKey("k1", 2), v)
		}, 2, "do not match its hash"},
		"a record deleted": {func(b *bolt.Bucket) error { return b.Delete(auditKey("k1", 2)) }, 2, "missing"},
		"the tail deleted": {func(b *bolt.Bucket) error { return b.Delete(auditKey("k1", 3)) }, 3, "head is record 3"},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.push(api.PushRequest{KioskID: "k1", Events: auditChain("k1", 3, 1)})
			if err := h.srv.store.(*boltStore).db.Update(func(tx *bolt.Tx) error { return tc.edit(tx.Bucket(bucketAuditChain)) }); err != nil {
				t.Fatal(err)
			}
			if c := chainOf(t, h, "k1"); c.Broken != tc.broken || !strings.Contains(c.Problem, tc.what) {
				t.Fatalf("chain %+v, want record %d: %s", c, tc.broken, tc.what)
			}
		})
	}
}

func TestAuditEventValidation(t *testing.T) {
	h := newHarness(t)
	good := auditChain("k1", 1, 1)[0]
	noAudit := good
	noAudit.Audit = nil
	withTicket := good
	withTicket.Ticket = event("k1", 1).Ticket
	badHash := *good.Audit
	badHash.Hash = strings.ToUpper(badHash.Hash)
	res := h.push(api.PushRequest{KioskID: "k1", Events: []api.Event{
		noAudit, withTicket, {Key: "k1/3", Kind: api.KindAudit, At: testNow, Audit: &badHash},
	}})
	wantStatuses(t, res, "rejected", "rejected", "rejected")
	chains, err := h.srv.AuditChains()
	if err != nil || len(chains) != 0 {
		t.Fatalf("chains %+v (%v), want none", chains, err)
	}
}

// FuzzDecodeAuditPush: pushes with audit events, mangled, decode without panic, and every
// audit event let through to apply is valid.
func FuzzDecodeAuditPush(f *testing.F) {
	good, _ := json.Marshal(api.PushRequest{KioskID: "k1", Events: auditChain("k1", 2, 1)})
	f.Add(good)
	f.Add([]byte(`{"kioskId":"k1","events":[{"key":"k1/1","kind":"audit","at":"2026-11-25T10:00:00Z","audit":{"sequence":0}}]}`))
	f.Add([]byte(`{"kioskId":"k1","events":[{"key":"k1/1","kind":"audit","at":"2026-11-25T10:00:00Z","ticket":{"number":"A1"},"audit":null}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, items, err := decodePush(body)
		if err != nil {
			return
		}
		for i, it := range items {
			if it.result.Status == api.ResultRejected || it.event.Kind != api.KindAudit {
				continue
			}
			if it.event.Audit == nil || it.event.Audit.Validate() != nil {
				t.Fatalf("item %d: an invalid audit event let through", i)
			}
			if len(api.HashBytes(it.event.Audit.Hash)) != storage.AuditHashSize {
				t.Fatalf("item %d: a hash that does not decode let through", i)
			}
			_ = selfConsistent(it.event.Audit)
		}
	})
}
