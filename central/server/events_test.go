package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// TestPushMixedBatch sends one batch holding every kind of answer and checks each result
// and what was applied.
func TestPushMixedBatch(t *testing.T) {
	h := newHarness(t)
	if r := h.push(api.PushRequest{KioskID: "k1", Events: []api.Event{event("k1", 1)}}); r[0].Status != api.ResultApplied {
		t.Fatalf("first push: %+v", r)
	}
	badKind := event("k1", 4)
	badKind.Kind = "exploded"
	badKey := event("k1", 5)
	badKey.Key = "k1-5"
	reused := event("k1", 1)
	reused.Ticket.Counter = "7" // same key as an applied event, other content

	req := api.PushRequest{KioskID: "k1", Events: []api.Event{
		event("k1", 2),  // new
		event("k1", 1),  // applied in the first push
		event("k1", 2),  // the same event twice in one batch
		badKind,         // unknown kind
		badKey,          // malformed key
		event("k2", 3),  // another kiosk's key
		reused,          // key reused for a different event
		event("k1", 10), // new, after the rejections
	}}
	want := []struct{ status, reason string }{
		{api.ResultApplied, ""},
		{api.ResultDuplicate, ""},
		{api.ResultDuplicate, ""},
		{api.ResultRejected, "kind"},
		{api.ResultRejected, "key"},
		{api.ResultRejected, ReasonOtherKiosk},
		{api.ResultRejected, ReasonKeyReused},
		{api.ResultApplied, ""},
	}
	got := h.push(req)
	for i, w := range want {
		if got[i].Status != w.status || !strings.Contains(got[i].Reason, w.reason) {
			t.Errorf("event %d: %+v, want %s (%s)", i, got[i], w.status, w.reason)
		}
	}
	applied, err := h.srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, ev := range applied {
		keys = append(keys, ev.Key)
	}
	if fmt.Sprint(keys) != "[k1/1 k1/2 k1/10]" {
		t.Errorf("applied %v", keys)
	}
}

// TestMalformedEventRejectedAlone: an event whose fields have the wrong JSON types is
// rejected under its key; the rest of the batch is applied.
func TestMalformedEventRejectedAlone(t *testing.T) {
	h := newHarness(t)
	good, _ := json.Marshal(event("k1", 1))
	body := `{"kioskId":"k1","events":[{"key":"k1/2","kind":"called","at":"yesterday","ticket":{}},` +
		string(good) + `,17]}`
	resp, b := h.do(http.MethodPost, api.PathEvents, api.ContentTypeJSON, []byte(body), nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s", resp.Status, b)
	}
	var out api.PushResponse
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Results) != 3 || out.Results[0].Key != "k1/2" || out.Results[0].Status != api.ResultRejected ||
		out.Results[1].Status != api.ResultApplied || out.Results[2].Status != api.ResultRejected {
		t.Errorf("results %+v", out.Results)
	}
}

// TestIdempotencyAcrossRestart: a key applied before a restart is a duplicate after it.
func TestIdempotencyAcrossRestart(t *testing.T) {
	h := newHarness(t)
	req := api.PushRequest{KioskID: "k1"}
	for seq := uint64(1); seq <= 20; seq++ {
		req.Events = append(req.Events, event("k1", seq))
	}
	for _, r := range h.push(req) {
		if r.Status != api.ResultApplied {
			t.Fatalf("first push: %+v", r)
		}
	}
	h.restart()
	for _, r := range h.push(req) {
		if r.Status != api.ResultDuplicate {
			t.Fatalf("after restart: %+v", r)
		}
	}
	for _, key := range []string{"k1/1", "k1/20"} {
		if n, err := h.srv.EventCount(key); err != nil || n != 1 {
			t.Errorf("%s applied %d times (%v)", key, n, err)
		}
	}
	if n, _ := h.srv.EventCount("k1/21"); n != 0 {
		t.Errorf("k1/21 applied %d times", n)
	}
}

// TestRequestErrors: requests refused as a whole answer problem+json with the right status.
func TestRequestErrors(t *testing.T) {
	h := newHarness(t)
	many := api.PushRequest{KioskID: "k1"}
	for seq := range uint64(api.MaxBatchEvents + 1) {
		many.Events = append(many.Events, event("k1", seq+1))
	}
	manyBody, _ := json.Marshal(many)
	huge := `{"kioskId":"k1","events":[],"pad":"` + strings.Repeat("x", api.MaxBodyBytes) + `"}`
	tests := []struct {
		name, method, path, contentType, body string
		want                                  int
	}{
		{"wrong content type", "POST", api.PathEvents, "text/plain", `{"kioskId":"k1","events":[]}`, http.StatusUnsupportedMediaType},
		{"no content type", "POST", api.PathEvents, "", `{"kioskId":"k1","events":[]}`, http.StatusUnsupportedMediaType},
		{"oversized body", "POST", api.PathEvents, api.ContentTypeJSON, huge, http.StatusRequestEntityTooLarge},
		{"too many events", "POST", api.PathEvents, api.ContentTypeJSON, string(manyBody), http.StatusRequestEntityTooLarge},
		{"malformed JSON", "POST", api.PathEvents, api.ContentTypeJSON, `{"kioskId":"k1","events":[`, http.StatusBadRequest},
		{"two values", "POST", api.PathEvents, api.ContentTypeJSON, `{"kioskId":"k1","events":[]} {}`, http.StatusBadRequest},
		{"events missing", "POST", api.PathEvents, api.ContentTypeJSON, `{"kioskId":"k1"}`, http.StatusBadRequest},
		{"bad kiosk id", "POST", api.PathEvents, api.ContentTypeJSON, `{"kioskId":"a/b","events":[]}`, http.StatusBadRequest},
		{"wrong method", "GET", api.PathEvents, "", "", http.StatusMethodNotAllowed},
		{"unknown path", "GET", "/nothing", "", "", http.StatusNotFound},
		{"heartbeat malformed", "POST", api.HeartbeatPath("k1"), api.ContentTypeJSON, `[]`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := h.do(tt.method, tt.path, tt.contentType, []byte(tt.body), nil)
			wantProblem(t, resp, body, tt.want)
		})
	}
	if n, _ := h.srv.AppliedEvents(); len(n) != 0 {
		t.Errorf("%d events applied from refused requests", len(n))
	}
}

func TestHeartbeat(t *testing.T) {
	h := newHarness(t)
	resp, body := h.postJSON(api.HeartbeatPath("k1"), api.Heartbeat{Version: "1.0", PendingEvents: 3, DeadLetters: 1}, nil)
	if resp.StatusCode != http.StatusNoContent || len(body) != 0 {
		t.Fatalf("%s %s", resp.Status, body)
	}
	if b, ok := h.srv.LastHeartbeat("k1"); !ok || b.PendingEvents != 3 || b.DeadLetters != 1 || !b.At.Equal(testNow) {
		t.Errorf("last heartbeat %+v %v", b, ok)
	}
	resp, body = h.postJSON(api.HeartbeatPath("k1"), api.Heartbeat{Version: "1.0", PendingEvents: -1}, nil)
	wantProblem(t, resp, body, http.StatusBadRequest)
}

// TestConcurrentPushesApplyOnce: kiosks retrying the same batch at once (a timeout and a
// retry overlapping) still get each key applied exactly once.
func TestConcurrentPushesApplyOnce(t *testing.T) {
	h := newHarness(t)
	req := api.PushRequest{KioskID: "k1"}
	for seq := uint64(1); seq <= 50; seq++ {
		req.Events = append(req.Events, event("k1", seq))
	}
	const pushers = 4
	applied := make(chan int, pushers)
	var wg sync.WaitGroup
	for range pushers {
		wg.Go(func() {
			results, err := h.tryPush(req)
			if err != nil {
				t.Error(err)
			}
			n := 0
			for _, r := range results {
				switch r.Status {
				case api.ResultApplied:
					n++
				case api.ResultDuplicate:
				default:
					t.Errorf("%+v", r)
				}
			}
			applied <- n
		})
	}
	wg.Wait()
	close(applied)
	total := 0
	for n := range applied {
		total += n
	}
	events, err := h.srv.AppliedEvents()
	if err != nil {
		t.Fatal(err)
	}
	if total != len(req.Events) || len(events) != len(req.Events) {
		t.Errorf("%d answered applied, %d in the log, want %d each", total, len(events), len(req.Events))
	}
}

// TestAppliedRecordForms: the binary record round-trips, and a JSON record of an older
// file still decodes, so its keys stay applied.
func TestAppliedRecordForms(t *testing.T) {
	rec := appliedRecord{Seq: 42, Hash: bytes.Repeat([]byte{7}, sha256.Size), AppliedAt: testNow.UTC()}
	got, err := decodeApplied(rec.encode())
	if err != nil || got.Seq != rec.Seq || !bytes.Equal(got.Hash, rec.Hash) || !got.AppliedAt.Equal(rec.AppliedAt) {
		t.Fatalf("binary: %+v, %v", got, err)
	}
	old, _ := json.Marshal(rec)
	if got, err := decodeApplied(old); err != nil || got.Seq != 42 || !bytes.Equal(got.Hash, rec.Hash) {
		t.Fatalf("JSON: %+v, %v", got, err)
	}
	for _, bad := range [][]byte{nil, {1, 2, 3}, []byte("{not json")} {
		if _, err := decodeApplied(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}
