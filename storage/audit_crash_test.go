package storage

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

const auditCrashChildEnv = "CITIZENKIOSK_AUDIT_CRASH_CHILD_DB"

// TestAuditCrashWriterChild runs only as TestAuditCrash's subprocess: it appends audit
// records until it is killed, printing each sequence once AppendAudit has returned.
func TestAuditCrashWriterChild(t *testing.T) {
	path := os.Getenv(auditCrashChildEnv)
	if path == "" {
		t.Skip("runs as a subprocess of TestAuditCrash")
	}
	db, err := Open(path, Options{KioskID: "crash"})
	if err != nil {
		fmt.Printf("open failed: %v\n", err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		if err := db.AppendAudit(auditRec(i)); err != nil {
			fmt.Printf("append failed: %v\n", err)
			os.Exit(2)
		}
		fmt.Printf("appended\n")
	}
}

// TestAuditCrash SIGKILLs an appending process at random moments: after each kill the chain
// must verify, hold every acknowledged record, and have exactly one outbox event per record
// (the record and its event commit together or not at all).
func TestAuditCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills subprocesses")
	}
	path := filepath.Join(t.TempDir(), "kiosk.db")
	db := mustOpenAt(t, path)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	acked := 0
	for round := range 10 {
		acked += appendUntilKilled(t, path, time.Duration(r.IntN(30))*time.Millisecond)
		db, err := Open(path, Options{KioskID: "crash"})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		n, err := db.VerifyAudit()
		sums := auditOutbox(t, db)
		_ = db.Close()
		if err != nil || n < acked {
			t.Fatalf("round %d: VerifyAudit = %d, %v; %d records were acknowledged", round, n, err, acked)
		}
		if len(sums) != n || (n > 0 && sums[n-1].Seq != uint64(n)) {
			t.Fatalf("round %d: %d records but %d audit events in the outbox", round, n, len(sums))
		}
		acked = n // a record committed but not yet printed counts from now on
	}
	t.Logf("%d records after 10 kills", acked)
}

// appendUntilKilled runs a writer, kills it delay after its first acknowledgement, and
// returns how many appends it acknowledged.
func appendUntilKilled(t *testing.T, path string, delay time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestAuditCrashWriterChild$")
	cmd.Env = append(os.Environ(), auditCrashChildEnv+"="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first, done := make(chan struct{}), make(chan int, 1)
	go func() {
		n, sc := 0, bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() != "appended" {
				t.Errorf("writer said %q", sc.Text())
				break
			}
			if n++; n == 1 {
				close(first)
			}
		}
		done <- n
	}()
	select {
	case <-first:
	case <-time.After(20 * time.Second):
		t.Fatal("the writer acknowledged nothing")
	}
	time.Sleep(delay)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	n := <-done
	_ = cmd.Wait()
	return n
}
