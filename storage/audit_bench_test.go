package storage

import "testing"

// BenchmarkAppendAudit: one record and its outbox event per transaction, as the counter
// appends them (one fsync each).
func BenchmarkAppendAudit(b *testing.B) {
	db := mustOpen(b)
	for i := 0; b.Loop(); i++ {
		if err := db.AppendAudit(auditRec(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyAudit10k: `citizenkiosk audit verify` over 10 000 records, about a year
// of one busy counter.
func BenchmarkVerifyAudit10k(b *testing.B) {
	db := mustOpen(b)
	db.bolt.NoSync = true // filling the chain is not what is measured
	appendN(b, db, 0, 10_000)
	for b.Loop() {
		if n, err := db.VerifyAudit(); n != 10_000 || err != nil {
			b.Fatalf("VerifyAudit = %d, %v", n, err)
		}
	}
}
