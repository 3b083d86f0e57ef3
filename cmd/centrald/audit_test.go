package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
	"github.com/citizenkiosk/citizenkiosk/central/server"
	"github.com/citizenkiosk/citizenkiosk/internal/pgtest"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// pushAuditChain pushes the records of a kiosk's chain whose sequences are in seqs to a
// server on the file at path, over HTTP, then closes the server.
func pushAuditChain(t *testing.T, path string, seqs ...uint64) {
	t.Helper()
	pushAuditChainWith(t, path, server.Options{}, seqs...)
}

func pushAuditChainWith(t *testing.T, path string, opts server.Options, seqs ...uint64) {
	t.Helper()
	srv, err := server.New(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { hs.Close(); _ = srv.Close() }()
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	prev := make([]byte, storage.AuditHashSize)
	var events []api.Event
	for seq := uint64(1); seq <= 4; seq++ {
		s := storage.AuditSummary{Seq: seq, Prev: prev, Action: api.AuditIdentityCheck, At: at, Staff: "S1", Method: "chip", Verdict: "genuine"}
		s.Hash = s.ChainHash()
		prev = s.Hash
		for _, want := range seqs {
			if want == seq {
				events = append(events, api.Event{Key: api.MakeKey("k1", seq), Kind: api.KindAudit, At: at, Audit: &api.AuditEvent{
					Sequence: seq, PrevHash: hex.EncodeToString(s.Prev), Hash: hex.EncodeToString(s.Hash),
					Action: s.Action, At: at, Staff: s.Staff, Method: s.Method, Verdict: s.Verdict,
				}})
			}
		}
	}
	body, _ := json.Marshal(api.PushRequest{KioskID: "k1", Events: events})
	resp, err := http.Post(hs.URL+api.BasePath+api.PathEvents, api.ContentTypeJSON, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("push: %s", resp.Status)
	}
}

func TestAuditVerifyCommand(t *testing.T) {
	dir := t.TempDir()
	verify := func(path string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(t.Context(), []string{"audit-verify", "--db", path}, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	whole := filepath.Join(dir, "whole.db")
	pushAuditChain(t, whole, 1, 2, 3, 4)
	if code, out, _ := verify(whole); code != 0 || !strings.Contains(out, "audit k1: 4 records, chain OK") {
		t.Fatalf("whole chain: exit %d, %q", code, out)
	}
	gap := filepath.Join(dir, "gap.db")
	pushAuditChain(t, gap, 1, 2, 4)
	if code, out, _ := verify(gap); code != 1 || !strings.Contains(out, "record 3: missing") ||
		!strings.Contains(out, "record 4 on arrival") {
		t.Fatalf("chain with a gap: exit %d, %q", code, out)
	}
	if code, _, errOut := verify(filepath.Join(dir, "none.db")); code != 1 || !strings.Contains(errOut, "no such file") {
		t.Fatalf("missing file: exit %d, %q", code, errOut)
	}
	if code, _, _ := verify(""); code != 2 {
		t.Fatalf("no --db: exit %d, want 2", code)
	}
}

// TestAuditVerifyPostgres: the same verification of a chain held in PostgreSQL, which
// needs the key file every replica uses.
func TestAuditVerifyPostgres(t *testing.T) {
	url, key := pgtest.URL(t), filepath.Join(t.TempDir(), "central.key")
	pushAuditChainWith(t, url, server.Options{KeyFile: key}, 1, 2, 4)
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"audit-verify", "--db", url, "--key-file", key}, &out, &errOut)
	if code != 1 || !strings.Contains(out.String(), "record 3: missing") || !strings.Contains(out.String(), "record 4 on arrival") {
		t.Fatalf("chain with a gap: exit %d, %q %q", code, out.String(), errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := run(t.Context(), []string{"audit-verify", "--db", url}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "key file") {
		t.Fatalf("without --key-file: exit %d, %q", code, errOut.String())
	}
}
