package central

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/centraltest"
	"github.com/citizenkiosk/citizenkiosk/central/faults"
)

// appendAudits appends n identity checks and returns the keys of the events they queued.
func (k *kiosk) appendAudits(t testing.TB, from, n int) []string {
	t.Helper()
	before := len(k.keys(t))
	for i := from; i < from+n; i++ {
		err := k.db.AppendAudit(booking.AuditRecord{
			Action: booking.AuditIdentityCheck, At: time.Now(), Staff: "S1042", Counter: "3",
			Ticket: fmt.Sprintf("A%03d", i), DocumentType: "passport", IssuingState: "DNK",
			DocumentNumber: "QX7410852", Method: booking.MethodChip, Verdict: booking.VerdictGenuine,
			Evidence: "PACE; passive: valid", Outcome: "confirmed",
		})
		if err != nil {
			t.Fatalf("AppendAudit(%d): %v", i, err)
		}
	}
	keys := k.keys(t)
	return keys[before:]
}

// TestSyncCarriesTheAuditChain interleaves audit records with ticket events, pushes them to
// centrald over real HTTP through lost answers and lost requests, and expects every audit
// event on the server exactly once, the server's copy of the chain verifying, and no
// document number on the wire's receiving end.
func TestSyncCarriesTheAuditChain(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, url, Options{}, SyncOptions{Batch: 4})
	if err := k.sync.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	k.faults.RetryAfter = "0"
	k.faults.Random(7, 0.5, faults.DropResponse, faults.DropRequest)
	var keys []string
	for round := range 4 {
		keys = append(keys, k.walkIns(t, 3)...)
		keys = append(keys, k.appendAudits(t, round*5, 5)...)
		k.syncUntilEmpty(t, 200)
	}
	assertExactlyOnce(t, srv, k.db, keys)
	if k.faults.Count(faults.DropResponse)+k.faults.Count(faults.DropRequest) == 0 {
		t.Fatal("no fault was injected; the test proves nothing")
	}
	chains, err := srv.AuditChains()
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 1 || chains[0].Kiosk != testKioskID || !chains[0].OK() || chains[0].Records != 20 {
		t.Fatalf("server chains %+v, want one of %s with 20 records, OK", chains, testKioskID)
	}
	if n, err := k.db.VerifyAudit(); n != 20 || err != nil {
		t.Fatalf("kiosk chain: %d, %v", n, err)
	}
	applied, err := srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range applied {
		if ev.Audit != nil && (ev.Audit.DocumentTag == "" || ev.Audit.DocumentTag == "QX7410852") {
			t.Fatalf("audit event %s carries document tag %q", ev.Key, ev.Audit.DocumentTag)
		}
	}
}

// TestSyncDeadLetteredAuditLeavesAGapCentralReports: when an audit event never reaches the
// server (an operator dead-lettered it), the next one arrives after a gap, which the
// server records and reports instead of silently joining the chain.
func TestSyncDeadLetteredAuditLeavesAGapCentralReports(t *testing.T) {
	url, srv := centraltest.Start(t)
	if _, err := srv.SeedDemo(time.Now()); err != nil {
		t.Fatal(err)
	}
	k := newKiosk(t, url, Options{}, SyncOptions{})
	keys := k.appendAudits(t, 0, 3)
	pending, err := k.db.PendingEvents(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.db.DeadLetter(pending[1].Seq, "test: lost"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.sync.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{keys[0], keys[2]} {
		if n, _ := srv.EventCount(key); n != 1 {
			t.Fatalf("event %s held %d times", key, n)
		}
	}
	chains, err := srv.AuditChains()
	if err != nil || len(chains) != 1 {
		t.Fatalf("chains %+v, %v", chains, err)
	}
	if c := chains[0]; c.OK() || c.Broken != 2 || len(c.Breaks) != 1 || c.Breaks[0].Seq != 3 {
		t.Fatalf("chain %+v, want record 2 missing and a gap recorded at 3", c)
	}
}
