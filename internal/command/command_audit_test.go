package command

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

const auditDocNumber = "QX7410852"

// appendAudits writes n audit records into the kiosk database of data.
func appendAudits(t *testing.T, data string, n int) {
	t.Helper()
	db, err := storage.Open(filepath.Join(data, "kiosk.db"), storage.Options{KioskID: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range n {
		err := db.AppendAudit(booking.AuditRecord{
			Action: booking.AuditIdentityCheck, At: time.Now(), Staff: "S1042", Counter: "3",
			DocumentType: "passport", IssuingState: "DNK", DocumentNumber: auditDocNumber,
			Method: booking.MethodChip, Verdict: booking.VerdictGenuine, Outcome: "confirmed",
			Ticket: fmt.Sprintf("A%03d", i),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// flipAuditByte changes one byte of stored audit record seq, as someone with the file could.
func flipAuditByte(t *testing.T, data string, seq uint64) {
	t.Helper()
	bdb, err := bolt.Open(filepath.Join(data, "kiosk.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit"))
		key := binary.BigEndian.AppendUint64(nil, seq)
		v := bytes.Clone(b.Get(key))
		v[len(v)-1] ^= 1
		return b.Put(key, v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCmdAuditVerify(t *testing.T) {
	data := t.TempDir()
	// The records' outbox events are made under k1; the command must open the database as
	// the same kiosk, or it refuses it as renamed.
	t.Setenv("CITIZENKIOSK_KIOSK_ID", "k1")
	audit := func(global []string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(append(append(global, "audit"), args...), nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, errOut := audit([]string{"--data", data}, "verify"); code != 1 || !strings.Contains(errOut, "no kiosk database") {
		t.Fatalf("no database: exit %d, stderr %q", code, errOut)
	}
	appendAudits(t, data, 4)
	if code, out, _ := audit([]string{"--data", data}, "verify"); code != 0 || out != "audit: 4 records, chain OK\n" {
		t.Fatalf("whole chain: exit %d, stdout %q", code, out)
	}
	// After the subcommand, the global flag works too.
	if code, out, _ := audit(nil, "verify", "--data", data); code != 0 || !strings.Contains(out, "chain OK") {
		t.Fatalf("--data after verify: exit %d, stdout %q", code, out)
	}
	flipAuditByte(t, data, 3)
	code, out, errOut := audit([]string{"--data", data}, "verify")
	if code != 1 || !strings.HasPrefix(out, "audit: record 3: ") {
		t.Fatalf("a byte changed in record 3: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if strings.Contains(out+errOut, auditDocNumber) || strings.Contains(out+errOut, "S1042") {
		t.Fatalf("the report holds a record's contents: %q %q", out, errOut)
	}
	if code, _, _ := audit([]string{"--data", data}); code != 2 {
		t.Fatalf("audit without verify: exit %d, want 2", code)
	}
}
