package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/internal/pgtest"
)

// replicas starts n servers on one new PostgreSQL database, each behind its own HTTP
// listener, as centrald replicas behind a load balancer are.
func replicas(t testing.TB, n int) []*harness {
	t.Helper()
	return replicasOn(t, pgtest.URL(t), n)
}

func replicasOn(t testing.TB, url string, n int) []*harness {
	t.Helper()
	return replicasWith(t, url, n, Options{Clock: booking.ClockFunc(func() time.Time { return testNow })})
}

func replicasWith(t testing.TB, url string, n int, opts Options) []*harness {
	t.Helper()
	opts.KeyFile = filepath.Join(t.TempDir(), "central.key")
	out := make([]*harness, n)
	for i := range out {
		h := &harness{t: t, opts: opts, path: url}
		h.start()
		t.Cleanup(h.stop)
		out[i] = h
	}
	return out
}

// TestReplicasApplyEachKeyOnce: two replicas receive the same keys at the same moment,
// plain events and one kiosk's audit chain alike. Each key is applied once, exactly one
// answer says "applied", and the chain holds.
func TestReplicasApplyEachKeyOnce(t *testing.T) {
	storeUnderTest = storePostgres
	defer func() { storeUnderTest = storeBolt }()
	rs := replicas(t, 2)
	plain := api.PushRequest{KioskID: "k1"}
	for seq := uint64(1); seq <= 100; seq++ {
		plain.Events = append(plain.Events, event("k1", seq))
	}
	audit := api.PushRequest{KioskID: "k2", Events: auditChain("k2", 20, 1)}
	const pushers = 8
	var mu sync.Mutex
	applied := map[string]int{}
	var wg sync.WaitGroup
	for i := range pushers {
		for _, req := range []api.PushRequest{plain, audit} {
			wg.Go(func() {
				results, err := rs[i%len(rs)].tryPush(req)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, r := range results {
					switch r.Status {
					case api.ResultApplied:
						applied[r.Key]++
					case api.ResultDuplicate:
					default:
						t.Errorf("%+v", r)
					}
				}
			})
		}
	}
	wg.Wait()
	for _, req := range []api.PushRequest{plain, audit} {
		for _, ev := range req.Events {
			if applied[ev.Key] != 1 {
				t.Errorf("%s answered applied %d times, want once", ev.Key, applied[ev.Key])
			}
		}
	}
	events, err := rs[1].srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(plain.Events)+len(audit.Events) {
		t.Errorf("%d events stored, want %d", len(events), len(plain.Events)+len(audit.Events))
	}
	if c := chainOf(t, rs[0], "k2"); !c.OK() || c.Records != 20 {
		t.Errorf("audit chain after concurrent pushes: %+v", c)
	}
}

// TestReplicasIssueOneCode: the same activation request sent to two replicas at once gets
// one code, whichever replica answers.
func TestReplicasIssueOneCode(t *testing.T) {
	rs := replicas(t, 2)
	const tries = 6
	codes := make(chan string, tries)
	var wg sync.WaitGroup
	for i := range tries {
		wg.Go(func() {
			b, _ := json.Marshal(activationRequest())
			req, _ := http.NewRequest(http.MethodPost, rs[i%2].url+api.PathActivationCodes, bytes.NewReader(b))
			req.Header.Set("Content-Type", api.ContentTypeJSON)
			req.Header.Set(api.HeaderIdempotencyKey, "k1/77")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var a api.ActivationResponse
			if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&a) != nil {
				t.Errorf("replica %d: %s", i%2, resp.Status)
				return
			}
			codes <- a.Code
		})
	}
	wg.Wait()
	close(codes)
	seen := map[string]bool{}
	for c := range codes {
		seen[c] = true
	}
	if len(seen) != 1 {
		t.Errorf("%d different codes for one idempotency key, want 1", len(seen))
	}
}

// TestPostgresDownAnswers503: while PostgreSQL is stopped every endpoint that needs it
// answers 503 with Retry-After, and once it is back the same server serves and stores
// again without a restart of its own.
func TestPostgresDownAnswers503(t *testing.T) {
	storeUnderTest = storePostgres
	defer func() { storeUnderTest = storeBolt }()
	h := newHarness(t)
	if _, err := h.srv.SeedDemo(testNow); err != nil {
		t.Fatal(err)
	}
	c := pgtest.Shared(t)
	if err := c.StopServer(); err != nil {
		t.Fatal(err)
	}
	started := false
	defer func() {
		if !started {
			_ = c.StartServer()
		}
	}()
	b, _ := json.Marshal(api.PushRequest{KioskID: "k1", Events: []api.Event{event("k1", 1)}})
	resp, body := h.do(http.MethodPost, api.PathEvents, api.ContentTypeJSON, b, nil)
	wantProblem(t, resp, body, http.StatusServiceUnavailable)
	if resp.Header.Get(api.HeaderRetryAfter) == "" {
		t.Error("push: 503 without Retry-After")
	}
	resp, body = h.do(http.MethodGet, api.ServicesPath(DefaultSite), "", nil, nil)
	wantProblem(t, resp, body, http.StatusServiceUnavailable)
	if resp.Header.Get(api.HeaderRetryAfter) == "" {
		t.Error("services: 503 without Retry-After")
	}
	resp, body = h.issue(activationRequest(), "k1/5")
	wantProblem(t, resp, body, http.StatusServiceUnavailable)

	if err := c.StartServer(); err != nil {
		t.Fatal(err)
	}
	started = true
	if r := h.push(api.PushRequest{KioskID: "k1", Events: []api.Event{event("k1", 1)}}); r[0].Status != api.ResultApplied {
		t.Fatalf("after PostgreSQL is back: %+v", r)
	}
	if resp, body := h.do(http.MethodGet, api.ServicesPath(DefaultSite), "", nil, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("services after PostgreSQL is back: %s %s", resp.Status, body)
	}
}

// TestPostgresSchemaTooNew: a database migrated by a newer program is refused with
// ErrSchemaTooNew and left as it is; Migrate on a current one changes nothing.
func TestPostgresSchemaTooNew(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	v, err := Migrate(ctx, url, nil)
	if err != nil || v < 1 {
		t.Fatalf("migrate: version %d, %v", v, err)
	}
	if again, err := Migrate(ctx, url, nil); err != nil || again != v {
		t.Fatalf("migrate again: version %d, %v; want %d", again, err, v)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, true)`, v+1); err != nil {
		t.Fatal(err)
	}
	_, err = New(url, Options{KeyFile: filepath.Join(t.TempDir(), "k")})
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("newer database: %v, want ErrSchemaTooNew", err)
	}
	if _, err := Migrate(ctx, url, nil); !errors.Is(err, ErrSchemaTooNew) {
		t.Fatalf("migrate a newer database: %v, want ErrSchemaTooNew", err)
	}
	var tables int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM meta`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("the refused open wrote to the database: %d rows in meta (%v)", tables, err)
	}
}

// TestPostgresNeedsKeyFile: a replica without a key file is refused before it connects.
func TestPostgresNeedsKeyFile(t *testing.T) {
	_, err := New("postgres:///nowhere?host=/nonexistent", Options{})
	if err == nil {
		t.Fatal("opened PostgreSQL without a key file")
	}
	if got := fmt.Sprint(err); !strings.Contains(got, "key file") {
		t.Errorf("error %q does not say the key file is missing", got)
	}
}

// TestReplicasShareCodeLimits: the hourly limit of codes per kiosk holds across replicas;
// a kiosk that spreads its requests over two gets no more codes than from one.
func TestReplicasShareCodeLimits(t *testing.T) {
	clock := newMovableClock(testNow)
	rs := replicasWith(t, pgtest.URL(t), 2, Options{Clock: clock, CodesPerKioskHour: 3})
	created, limited := 0, 0
	for i := range 8 {
		resp, body := rs[i%2].issue(activationRequest(), fmt.Sprintf("k1/%d", i+1))
		switch resp.StatusCode {
		case http.StatusCreated:
			created++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("request %d: %s %s", i, resp.Status, body)
		}
	}
	if created != 3 || limited != 5 {
		t.Errorf("%d codes and %d refusals over two replicas, want 3 and 5", created, limited)
	}
	// The budget refills as on one server: one code per twenty minutes.
	clock.Add(20 * time.Minute)
	if resp, body := rs[1].issue(activationRequest(), "k1/100"); resp.StatusCode != http.StatusCreated {
		t.Errorf("after 20 minutes: %s %s", resp.Status, body)
	}
}

// TestReplicasKeepOneAuditHead: one kiosk's audit records arrive one per request, all at
// once, spread over two replicas (a timed-out push retried while the next is sent). Each
// replica links a record to the head under a lock, so the head ends at the last record and
// the chain holds, whatever the order; breaks may be recorded for records that overtook
// others, but no record is lost and the head is not left behind.
func TestReplicasKeepOneAuditHead(t *testing.T) {
	rs := replicas(t, 2)
	evs := auditChain("k3", 20, 1)
	var wg sync.WaitGroup
	for i, ev := range evs {
		wg.Go(func() {
			if _, err := rs[i%2].tryPush(api.PushRequest{KioskID: "k3", Events: []api.Event{ev}}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	c := chainOf(t, rs[0], "k3")
	if c.Broken != 0 || c.Records != len(evs) || c.Head != uint64(len(evs)) {
		t.Errorf("chain after concurrent single pushes: %+v", c)
	}
}

// TestReplicasServeOneETag: a day seeded through one replica is served by the other with
// the same ETag, so a kiosk that moves between replicas still gets 304.
func TestReplicasServeOneETag(t *testing.T) {
	rs := replicas(t, 2)
	if err := rs[0].srv.SeedSite("odense", "2026-11-25", demoServices(), []booking.Appointment{citizenAppt("odense")}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{api.ServicesPath("odense"), api.AppointmentsPath("odense", "2026-11-25")} {
		resp, _ := rs[0].do(http.MethodGet, path, "", nil, nil)
		etag := resp.Header.Get(api.HeaderETag)
		if resp.StatusCode != http.StatusOK || etag == "" {
			t.Fatalf("%s from replica 0: %s, ETag %q", path, resp.Status, etag)
		}
		resp, _ = rs[1].do(http.MethodGet, path, "", nil, map[string]string{api.HeaderIfNoneMatch: etag})
		if resp.StatusCode != http.StatusNotModified || resp.Header.Get(api.HeaderETag) != etag {
			t.Errorf("%s from replica 1 with replica 0's ETag: %s, ETag %q", path, resp.Status, resp.Header.Get(api.HeaderETag))
		}
	}
}
