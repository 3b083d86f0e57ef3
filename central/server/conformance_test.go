package server

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/internal/pgtest"
)

// TestMain stops the PostgreSQL server the conformance suite started.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// conformance are the tests every store must pass. They reach the store only through
// Server (its HTTP API and methods) and rawStore, so they hold for both, and a guarantee
// that one store loses fails here.
var conformance = []struct {
	name string
	test func(*testing.T)
}{
	{"ServicesConditionalGet", TestServicesConditionalGet},
	{"ETagAcrossRestart", TestETagAcrossRestart},
	{"AppointmentsQuery", TestAppointmentsQuery},
	{"SeedRefusesBadData", TestSeedRefusesBadData},
	{"PushMixedBatch", TestPushMixedBatch},
	{"SiteTicketsOfDay", TestSiteTicketsOfDay},
	{"MalformedEventRejectedAlone", TestMalformedEventRejectedAlone},
	{"IdempotencyAcrossRestart", TestIdempotencyAcrossRestart},
	{"ConcurrentPushesApplyOnce", TestConcurrentPushesApplyOnce},
	{"ActivationCode", TestActivationCode},
	{"ActivationRefusals", TestActivationRefusals},
	{"ActivationVerdicts", TestActivationVerdicts},
	{"ActivationFloodIsLimited", TestActivationFloodIsLimited},
	{"ActivationLimitPerStaff", TestActivationLimitPerStaff},
	{"ActivationAnswerSurvivesRestart", TestActivationAnswerSurvivesRestart},
	{"ActivationAnswerForgottenAfterExpiry", TestActivationAnswerForgottenAfterExpiry},
	{"ExpiredAnswersArePurged", TestExpiredAnswersArePurged},
	{"EveryEndpointBindsToTheCertificate", TestEveryEndpointBindsToTheCertificate},
	{"UnverifiedCertificateIsRefused", TestUnverifiedCertificateIsRefused},
	{"PlainHTTPBindsByRequest", TestPlainHTTPBindsByRequest},
	{"RegistrySurvivesRestart", TestRegistrySurvivesRestart},
	{"RawStoreHasNoPersonalData", TestRawFileHasNoPersonalData},
	{"KeyFileMustMatch", TestKeyFileMustMatch},
	{"AuditChainKeptAcrossPushesAndRestart", TestAuditChainKeptAcrossPushesAndRestart},
	{"AuditGapRecordedAndReported", TestAuditGapRecordedAndReported},
	{"AuditForgeriesRefusedOrReported", TestAuditForgeriesRefusedOrReported},
	{"RetentionPurges", TestRetentionPurges},
	{"RunRetentionPurgesAtStart", TestRunRetentionPurgesAtStart},
}

// TestConformance runs the suite on both stores. The bbolt runs repeat the top-level
// tests on purpose: the suite is one list, and both stores go through all of it.
func TestConformance(t *testing.T) {
	for _, kind := range []string{storeBolt, storePostgres} {
		t.Run(kind, func(t *testing.T) {
			storeUnderTest = kind
			defer func() { storeUnderTest = storeBolt }()
			for _, c := range conformance {
				t.Run(c.name, c.test)
			}
		})
	}
}

// keyFileOf is the key file h's server seals with.
func keyFileOf(h *harness) string {
	if h.opts.KeyFile != "" {
		return h.opts.KeyFile
	}
	return h.path + ".key"
}

// rawStore returns every byte h's store holds as the database keeps it: the bbolt file,
// or every column of every PostgreSQL table of the server's, concatenated.
func rawStore(t *testing.T, h *harness) []byte {
	t.Helper()
	if !isPostgresURL(h.path) {
		raw, err := os.ReadFile(h.path)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, h.path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var raw bytes.Buffer
	for _, q := range []string{
		`SELECT name::bytea, value FROM meta ORDER BY 1`,
		`SELECT site::bytea, body FROM services ORDER BY 1`,
		`SELECT (site || day)::bytea, body FROM days ORDER BY 1`,
		`SELECT (key || kiosk)::bytea, body FROM events ORDER BY seq`,
		`SELECT kiosk::bytea, site::bytea FROM kiosks ORDER BY 1`,
		`SELECT key::bytea, request || answer FROM activations ORDER BY 1`,
		`SELECT (kiosk || seq)::bytea, body FROM audit_records ORDER BY 1`,
		`SELECT (kiosk || seq)::bytea, problem::bytea FROM audit_breaks ORDER BY 1`,
	} {
		rows, err := conn.Query(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var k, v []byte
			if err := rows.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			raw.Write(k)
			raw.Write(v)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return raw.Bytes()
}

// keptAnswers counts the activation answers h's store keeps. On bbolt the expiry index must
// hold as many entries, or the purge would miss some.
func keptAnswers(t *testing.T, h *harness) int {
	t.Helper()
	var n int
	if st, ok := h.srv.store.(*boltStore); ok {
		var index int
		err := st.db.View(func(tx *bolt.Tx) error {
			n = tx.Bucket(bucketActivations).Stats().KeyN
			index = tx.Bucket(bucketActivationExpiry).Stats().KeyN
			return nil
		})
		if err != nil || index != n {
			t.Fatalf("%d answers and %d index entries (%v)", n, index, err)
		}
		return n
	}
	st := h.srv.store.(*pgStore)
	if err := st.pool.QueryRow(context.Background(), `SELECT count(*) FROM activations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
